/**
 * The wire form of segments: a compact tagged binary of exactly the JSON-like types a segment may hold, with
 * every length bounded on decode. No class names on the wire, no Java serialization. Pure: no clock, thread,
 * socket or file.
 *
 * <p>Layer: the bottom; depends on nothing in Sardonyx. Also the JSON text form of values
 * ({@link io.sardonyx.codec.JsonText}).
 */
package io.sardonyx.codec;
