package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 CIDR block in canonical form (no host bits set), as EC2 requires for VPCs, subnets and
 * routes. Parsing is strict on purpose: EC2 rejects {@code 10.0.0.1/16} and {@code 10.0.0.256/24}.
 */
public record Ipv4Cidr(long network, int prefixLength) {

    private static final Pattern SYNTAX =
            Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength);
        }
        if ((network & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("host bits set");
        }
    }

    /** The block, or empty if the text is not a canonical IPv4 CIDR block. */
    public static Optional<Ipv4Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            String octet = m.group(i);
            int value = Integer.parseInt(octet);
            if (value > 255 || (octet.length() > 1 && octet.startsWith("0"))) {
                return Optional.empty();
            }
            address = (address << 8) | value;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32 || (address & ~mask(prefix)) != 0) {
            return Optional.empty();
        }
        return Optional.of(new Ipv4Cidr(address, prefix));
    }

    public static boolean isValidAddress(String text) {
        return text != null && parse(text + "/32").isPresent();
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    public long size() {
        return 1L << (32 - prefixLength);
    }

    public boolean contains(Ipv4Cidr other) {
        return other.prefixLength >= prefixLength && (other.network & mask(prefixLength)) == network;
    }

    public boolean overlaps(Ipv4Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** The address at the given offset from the network address, in dotted form. */
    public String address(long offset) {
        return dotted(network + offset);
    }

    static String dotted(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255);
    }

    @Override
    public String toString() {
        return dotted(network) + "/" + prefixLength;
    }
}
