package dev.junction.core.watch;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code stat} says about the manifest files under a source path: for each file its device and inode, size,
 * modification time and status-change time. A {@link FileSource} compares stamps before it reads any content, so
 * that its periodic recheck of an unchanged source costs a few system calls rather than reading and comparing every
 * file (about 1 ms of CPU every 2 s for a 1,000-Service manifest, on the CPU the DNS server answers on).
 *
 * <p>Equal stamps prove unchanged files only for files last written well before the earlier stamp was taken: a write
 * within the file system's timestamp granularity of it may leave every field as it was. {@link #settledBefore} says
 * whether a stamp can be trusted so; the status-change time catches writes that restore the modification time
 * ({@code cp -p}, {@code touch -d}), which no one can set back.
 */
record SourceStamp(Map<Path, FileStamp> files) {

    /** Covers the coarsest timestamps a manifest may sit on (FAT's 2 s); ext4, XFS and tmpfs keep nanoseconds. */
    static final Duration TIMESTAMP_GRANULARITY = Duration.ofSeconds(2);
    private static final boolean UNIX_VIEW = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    /** One file's identity and times; on a file system without the {@code unix} view, both times are the mtime. */
    record FileStamp(Object identity, long size, FileTime modified, FileTime changed) {

        static FileStamp of(Path file) throws IOException {
            if (UNIX_VIEW) {
                Map<String, Object> unix = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime");
                return new FileStamp(unix.get("dev") + ":" + unix.get("ino"), (Long) unix.get("size"),
                        (FileTime) unix.get("lastModifiedTime"), (FileTime) unix.get("ctime"));
            }
            BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(basic.fileKey(), basic.size(), basic.lastModifiedTime(), basic.lastModifiedTime());
        }
    }

    SourceStamp {
        files = Map.copyOf(files);
    }

    /**
     * Stats every manifest file under {@code path} (symbolic links followed).
     *
     * @throws IOException if the path or one of its files cannot be read, for example while an editor replaces it
     */
    static SourceStamp read(Path path) throws IOException {
        Map<Path, FileStamp> files = new LinkedHashMap<>();
        for (Path file : SourceFiles.manifestFiles(path)) {
            files.put(file, FileStamp.of(file));
        }
        return new SourceStamp(files);
    }

    /**
     * True when every file was last modified and changed more than the timestamp granularity before {@code instant}:
     * a stamp taken at that instant then changes with any later write.
     */
    boolean settledBefore(Instant instant) {
        Instant limit = instant.minus(TIMESTAMP_GRANULARITY);
        return files.values().stream().allMatch(file ->
                file.modified().toInstant().isBefore(limit) && file.changed().toInstant().isBefore(limit));
    }
}
