#ifndef CSYSTEM_H
#define CSYSTEM_H

/* The one system call SynSystem needs that Swift cannot reach: prctl is variadic, and Swift does
   not import variadic C functions. Returns 0 on success, -1 elsewhere (not Linux) or on failure. */
int csystem_set_child_subreaper(void);

#endif
