package dev.mwaaprovisioner.local.cloud;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Removes the {@code aws-chunked} framing the SDKs use for streaming uploads
 * ({@code x-amz-content-sha256: STREAMING-...}): {@code <hex-size>[;chunk-signature=..]\r\n
 * <data>\r\n ... 0\r\n[trailers]\r\n}. Chunk signatures and trailing checksums are not verified.
 */
final class AwsChunkedDecoder {

    private AwsChunkedDecoder() {}

    static boolean applies(String contentSha256, String contentEncoding) {
        return (contentSha256 != null && contentSha256.startsWith("STREAMING-"))
                || (contentEncoding != null && contentEncoding.toLowerCase().contains("aws-chunked"));
    }

    static byte[] decode(byte[] framed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(framed.length);
        int pos = 0;
        while (pos < framed.length) {
            int lineEnd = indexOfCrlf(framed, pos);
            if (lineEnd < 0) {
                throw malformed("a chunk header has no CRLF");
            }
            String header = new String(framed, pos, lineEnd - pos, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            String hex = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw malformed("chunk size '" + hex + "' is not hexadecimal");
            }
            pos = lineEnd + 2;
            if (size == 0) {
                break; // trailers (e.g. x-amz-checksum-crc32) follow; they are not checked
            }
            if (pos + size > framed.length) {
                throw malformed("a chunk is longer than the body");
            }
            out.write(framed, pos, size);
            pos += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static CloudException malformed(String why) {
        return new CloudException("IncompleteBody", 400, "The aws-chunked request body is malformed: " + why);
    }
}
