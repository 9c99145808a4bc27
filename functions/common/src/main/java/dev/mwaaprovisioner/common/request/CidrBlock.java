package dev.mwaaprovisioner.common.request;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 CIDR block such as {@code 10.192.0.0/16}, read strictly: four decimal octets without
 * leading zeros (which some tools read as octal) and a prefix length.
 *
 * @param address      the address as written, host bits included
 * @param prefixLength 0 to 32
 */
record CidrBlock(int address, int prefixLength) {

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern NO_PREFIX = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    /** The private address ranges of RFC 1918. */
    static final List<CidrBlock> PRIVATE_RANGES = List.of(
            of("10.0.0.0/8"), of("172.16.0.0/12"), of("192.168.0.0/16"));

    /** Thrown by {@link #parse} with a message that says what is wrong and how to write it. */
    static final class InvalidCidr extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidCidr(String message) {
            super(message, null, false, false);
        }
    }

    static CidrBlock parse(String text) throws InvalidCidr {
        String hint = "write an IPv4 block such as 10.192.0.0/16";
        if (NO_PREFIX.matcher(text).matches()) {
            throw new InvalidCidr(Shown.quoted(text) + " has no prefix length; " + hint);
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new InvalidCidr(Shown.quoted(text) + " is not a CIDR block; " + hint);
        }
        int address = 0;
        for (int i = 1; i <= 4; i++) {
            String octet = m.group(i);
            if (octet.length() > 1 && octet.startsWith("0")) {
                throw new InvalidCidr(Shown.quoted(text) + " has the octet " + octet + " with a leading zero; " + hint);
            }
            int value = Integer.parseInt(octet);
            if (value > 255) {
                throw new InvalidCidr(Shown.quoted(text) + " has the octet " + value + ", above 255; " + hint);
            }
            address = (address << 8) | value;
        }
        int prefixLength = Integer.parseInt(m.group(5));
        if (prefixLength > 32) {
            throw new InvalidCidr(Shown.quoted(text) + " has the prefix length /" + prefixLength + ", above /32; " + hint);
        }
        return new CidrBlock(address, prefixLength);
    }

    private static CidrBlock of(String text) {
        try {
            return parse(text);
        } catch (InvalidCidr e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private int mask() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** True when no bit beyond the prefix is set: 10.192.10.0/24 yes, 10.192.10.5/24 no. */
    boolean isNetworkAddress() {
        return (address & ~mask()) == 0;
    }

    /** The block with the host bits cleared: what the user most likely meant. */
    CidrBlock network() {
        return new CidrBlock(address & mask(), prefixLength);
    }

    boolean contains(CidrBlock other) {
        return other.prefixLength >= prefixLength && (other.address & mask()) == (address & mask());
    }

    boolean overlaps(CidrBlock other) {
        return contains(other) || other.contains(this);
    }

    boolean isPrivate() {
        return PRIVATE_RANGES.stream().anyMatch(range -> range.contains(this));
    }

    @Override
    public String toString() {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff) + "/" + prefixLength;
    }
}
