package braid.logs.internal;

import braid.logs.LogReadException;
import java.nio.file.Path;

/** For tests in other packages: {@link Decompress}'s lookup with a PATH of the test's choosing. */
public final class DecompressAccess {
    private DecompressAccess() {}

    public static Path requireProgram(Path file, String path) throws LogReadException {
        return Decompress.requireProgram(file, path);
    }
}
