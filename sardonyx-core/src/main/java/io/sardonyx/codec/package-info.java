/**
 * The wire form of segments: a compact tagged binary of exactly the JSON-like types a segment may hold, with
 * every length bounded on decode. No class names on the wire, no Java serialization. Pure: no clock, thread,
 * socket or file.
 */
package io.sardonyx.codec;
