#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <fcntl.h>
#ifndef FSCONFIG_SET_STRING
#define FSCONFIG_SET_STRING 1
#define FSCONFIG_CMD_CREATE 6
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x4
#endif
/* legacy: mnt L target fstype source data ; new API: mnt N target fstype key=value... */
int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage\n"); return 2; }
  if (argv[1][0] == 'L') {
    if (mount(argv[4], argv[2], argv[3], 0, argc > 5 ? argv[5] : NULL)) { perror("mount"); return 1; }
    return 0;
  }
  int fs = syscall(SYS_fsopen, argv[3], 0);
  if (fs < 0) { perror("fsopen"); return 1; }
  for (int i = 4; i < argc; i++) {
    char *eq = strchr(argv[i], '=');
    if (!eq) { fprintf(stderr, "bad %s\n", argv[i]); return 2; }
    *eq = 0;
    if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, argv[i], eq + 1, 0)) { fprintf(stderr, "fsconfig %s: %s\n", argv[i], strerror(errno)); return 1; }
  }
  if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0)) { perror("create"); return 1; }
  int m = syscall(SYS_fsmount, fs, 0, 0);
  if (m < 0) { perror("fsmount"); return 1; }
  if (syscall(SYS_move_mount, m, "", AT_FDCWD, argv[2], MOVE_MOUNT_F_EMPTY_PATH)) { perror("move_mount"); return 1; }
  return 0;
}
