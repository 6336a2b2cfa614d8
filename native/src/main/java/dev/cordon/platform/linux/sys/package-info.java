/**
 * The low-level Linux bindings the other {@code platform.linux} packages share (libc through JNA, owned descriptors,
 * pidfds, mountinfo). A leaf: it uses none of them, so they can all use it without forming cycles.
 */
package dev.cordon.platform.linux.sys;
