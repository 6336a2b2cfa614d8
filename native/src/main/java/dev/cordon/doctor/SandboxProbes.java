package dev.cordon.doctor;

import java.util.List;

/** Live probes the doctor runs through a real sandbox session (see {@link ChannelProbes}). */
@FunctionalInterface
public interface SandboxProbes {
    List<Check> run();
}
