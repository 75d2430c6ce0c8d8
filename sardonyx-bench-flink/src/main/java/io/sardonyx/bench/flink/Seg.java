package io.sardonyx.bench.flink;

/** The benchmark segment as a Flink POJO: {@code n}, a 100-byte payload, a key, an event time and a send time. */
public class Seg {
    public long n;
    public byte[] data;
    public long key;
    public long t;
    public long t0;

    public Seg() {
    }

    public Seg(final long n, final byte[] data, final long key, final long t, final long t0) {
        this.n = n;
        this.data = data;
        this.key = key;
        this.t = t;
        this.t0 = t0;
    }
}
