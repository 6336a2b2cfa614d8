package dev.cordon.platform;

/** Whether an OS capability the sandbox relies on is there, for the doctor: a stable id, evidence and a fix. */
public record Capability(String id, String title, boolean available, String evidence, String fix) {
}
