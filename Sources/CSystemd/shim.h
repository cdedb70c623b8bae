// The one libsystemd call PumpJournal makes. sd_journal_send() is variadic (and a macro), so Swift
// cannot call it; sd_journal_sendv() takes an array of "FIELD=value" iovecs and can.
#ifndef PUMPD_CSYSTEMD_SHIM_H
#define PUMPD_CSYSTEMD_SHIM_H

#include <sys/uio.h>

int sd_journal_sendv(const struct iovec *iov, int n);

#endif
