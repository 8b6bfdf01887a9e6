package dev.junction.daemonset;

/** A valid kube-proxy setting that this build of junction cannot honour; refused rather than ignored. */
final class UnsupportedSettingException extends Exception {

    UnsupportedSettingException(String setting, String value, String available) {
        super(setting + " " + value + ": not available in this build of junction (available: " + available + ")");
    }
}
