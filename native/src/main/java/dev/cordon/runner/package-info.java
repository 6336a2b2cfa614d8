/**
 * L3, the runner of one session, written once for every OS: the frames it exchanges with the host over its own stdio
 * ({@link dev.cordon.runner.RunnerFrames}, {@link dev.cordon.runner.RunnerLoop}), and each command's life
 * ({@link dev.cordon.runner.CommandLifecycle}: output, stdin under flow control, timeout, tree kill, exit report).
 * How a command is confined and started (L4) is the platform's: {@link dev.cordon.platform.ConfinedCommands}, from
 * {@link dev.cordon.platform.Platforms}. Nothing here names an OS package.
 */
package dev.cordon.runner;
