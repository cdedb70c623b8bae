import Varlink
enum VarlinkServerPlaceholder {}
