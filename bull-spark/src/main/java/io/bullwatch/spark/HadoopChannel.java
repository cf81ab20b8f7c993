package io.bullwatch.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * A read-only {@link SeekableByteChannel} over a Hadoop stream, by positional reads ({@link
 * FSDataInputStream#read(long, byte[], int, int)}): what lets {@code WavFile} read a recording on
 * HDFS or an object store block by block, as it reads a local file.
 */
final class HadoopChannel implements SeekableByteChannel {

    private final FSDataInputStream in;
    private final long size;
    private long position;
    private byte[] scratch = new byte[0];
    private boolean open = true;

    /**
     * @param in the opened file (closed with this channel)
     * @param size the file's length in bytes
     */
    HadoopChannel(FSDataInputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        check();
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), size - position);
        if (n == 0) {
            return 0;
        }
        int r;
        if (dst.hasArray()) {
            r = in.read(position, dst.array(), dst.arrayOffset() + dst.position(), n);
            if (r > 0) {
                dst.position(dst.position() + r);
            }
        } else {
            if (scratch.length < n) {
                scratch = new byte[n];
            }
            r = in.read(position, scratch, 0, n);
            if (r > 0) {
                dst.put(scratch, 0, r);
            }
        }
        if (r < 0) {
            return -1;
        }
        position += r;
        return r;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        check();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        check();
        if (newPosition < 0) {
            throw new IllegalArgumentException("position must be >= 0, got " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        check();
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            in.close();
        }
    }

    private void check() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
