/*
 * The Landlock domain of a command's own, entered just before exec by the native spawn's child (cordon_spawn.c) and by
 * the portable path's exec helper (cordon_exec.c): nested in the one inherited from the confined runner thread, it
 * scopes what it is given (LANDLOCK_SCOPE_SIGNAL, LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET), so no runner thread shares the
 * command's domain (review findings R28, R33), and allows REFER beneath "/": Landlock denies reparenting in every domain
 * that does not allow it, handled or not, and renames and links across directories would fail with EXDEV. Nothing else
 * is handled: file access stays as the inherited domains decide. Only system calls: usable in a vfork-style child.
 */
#ifndef CORDON_LANDLOCK_H
#define CORDON_LANDLOCK_H

#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CORDON_SYS_landlock_create_ruleset 444
#define CORDON_SYS_landlock_add_rule 445
#define CORDON_SYS_landlock_restrict_self 446
#define CORDON_LANDLOCK_RULE_PATH_BENEATH 1
#define CORDON_LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#define CORDON_LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#define CORDON_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define CORDON_LANDLOCK_SCOPE_SIGNAL (1ULL << 1)

/* The kernel's struct landlock_ruleset_attr from ABI 6 on (24 bytes, with scoped). */
struct cordon_landlock_ruleset_attr {
    uint64_t handled_access_fs, handled_access_net, scoped;
};

/* The kernel's struct landlock_path_beneath_attr (packed: 12 bytes). */
struct cordon_landlock_path_beneath_attr {
    uint64_t allowed_access;
    int32_t parent_fd;
} __attribute__((packed));

/* Enters the command's own domain with these scopes; 0, or -1 with errno set (the caller then does not exec). */
static inline int cordon_enter_own_domain(uint64_t scopes) {
    struct cordon_landlock_ruleset_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.handled_access_fs = CORDON_LANDLOCK_ACCESS_FS_REFER;
    attr.scoped = scopes;
    long ruleset = syscall(CORDON_SYS_landlock_create_ruleset, &attr, sizeof attr, 0U);
    if (ruleset < 0) return -1;
    struct cordon_landlock_path_beneath_attr beneath;
    beneath.allowed_access = CORDON_LANDLOCK_ACCESS_FS_REFER;
    beneath.parent_fd = open("/", O_PATH | O_CLOEXEC);
    if (beneath.parent_fd < 0
            || syscall(CORDON_SYS_landlock_add_rule, (int) ruleset, CORDON_LANDLOCK_RULE_PATH_BENEATH, &beneath, 0U) < 0
            || syscall(CORDON_SYS_landlock_restrict_self, (int) ruleset, 0U) < 0) {
        return -1;
    }
    close(beneath.parent_fd);
    close((int) ruleset);
    return 0;
}

#endif
