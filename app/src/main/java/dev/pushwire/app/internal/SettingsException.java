package dev.pushwire.app.internal;

/** A setting that could not be used, with a message that names the setting, where it came from and what to write. */
public final class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SettingsException(String message) {
        super(message);
    }

    SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
