package dev.cordon.doctor;

/**
 * One doctor check. {@code id} is stable (scripts and support staff key on it); {@code evidence} says what was
 * observed; {@code fix} is one actionable line, empty when the check passed.
 */
public record Check(String id, Status status, String title, String evidence, String fix) {
    public enum Status { PASS, FAIL, SKIP }

    public static Check pass(String id, String title, String evidence) {
        return new Check(id, Status.PASS, title, evidence, "");
    }

    public static Check fail(String id, String title, String evidence, String fix) {
        return new Check(id, Status.FAIL, title, evidence, fix);
    }

    public static Check skip(String id, String title, String why, String fix) {
        return new Check(id, Status.SKIP, title, why, fix);
    }
}
