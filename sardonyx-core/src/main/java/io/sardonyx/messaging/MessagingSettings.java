package io.sardonyx.messaging;

/**
 * How a peer group moves frames.
 *
 * @param bindAddress      the address its UDP endpoint binds to
 * @param shortCircuit     peers of one group hand frames over without serialising them
 * @param termBufferBytes  Aeron term buffer length per route (a power of two); the largest frame part is 1/8
 * @param maxSegmentBytes  the largest segment accepted on the wire; a larger one fails its task with a clear error
 * @param localQueueFrames frames held per sender and receiver inside one group
 * @param mtuBytes         UDP datagram size to other machines (Aeron's MTU; to this machine 8192 is used)
 */
public record MessagingSettings(String bindAddress, boolean shortCircuit, int termBufferBytes, int maxSegmentBytes,
                                int localQueueFrames, int mtuBytes) {
    public static final MessagingSettings DEFAULT =
        new MessagingSettings("127.0.0.1", true, 1 << 20, 100 * 1024, 64, 1408);

    public MessagingSettings {
        if (Integer.bitCount(termBufferBytes) != 1 || termBufferBytes < 64 * 1024) {
            throw new IllegalArgumentException("the term buffer length must be a power of two of at least 65536, "
                + "not " + termBufferBytes);
        }
        if (maxSegmentBytes <= 0 || maxSegmentBytes > termBufferBytes / 8 - FrameCodec.HEADER_BYTES - 64) {
            throw new IllegalArgumentException("the maximum segment size must be between 1 and "
                + (termBufferBytes / 8 - FrameCodec.HEADER_BYTES - 64) + " bytes for a term buffer of "
                + termBufferBytes + " bytes, not " + maxSegmentBytes);
        }
        if (mtuBytes < 576 || mtuBytes > 65504 || mtuBytes % 32 != 0) {
            throw new IllegalArgumentException("the MTU must be a multiple of 32 between 576 and 65504, not "
                + mtuBytes);
        }
        if (localQueueFrames < 2) {
            throw new IllegalArgumentException("local queues hold at least 2 frames, not " + localQueueFrames);
        }
    }

    public MessagingSettings withShortCircuit(final boolean on) {
        return new MessagingSettings(bindAddress, on, termBufferBytes, maxSegmentBytes, localQueueFrames, mtuBytes);
    }

    public MessagingSettings withBindAddress(final String address) {
        return new MessagingSettings(address, shortCircuit, termBufferBytes, maxSegmentBytes, localQueueFrames,
            mtuBytes);
    }

    public MessagingSettings withMaxSegmentBytes(final int bytes) {
        return new MessagingSettings(bindAddress, shortCircuit, termBufferBytes, bytes, localQueueFrames, mtuBytes);
    }
}
