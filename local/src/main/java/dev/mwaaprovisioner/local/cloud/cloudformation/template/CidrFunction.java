package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import dev.mwaaprovisioner.local.cloud.ec2.Ipv4Cidr;
import java.util.ArrayList;
import java.util.List;

/** {@code Fn::Cidr} for IPv4: consecutive blocks of {@code 32 - cidrBits} prefix length carved from an IP block. */
final class CidrFunction {

    private CidrFunction() {}

    static List<String> cidrs(String block, int count, int hostBits) {
        Ipv4Cidr parent = Ipv4Cidr.parse(block).orElseThrow(() -> TemplateException.error(
                "Fn::Cidr requires an IPv4 CIDR block such as 10.0.0.0/16 as its first parameter, got '" + block
                        + "' (IPv6 is not supported by the local cloud)"));
        if (count < 1 || count > 256) {
            throw TemplateException.error("Fn::Cidr count must be between 1 and 256, got " + count);
        }
        int prefix = 32 - hostBits;
        if (hostBits < 0 || prefix < parent.prefixLength()) {
            throw TemplateException.error("Fn::Cidr cidrBits " + hostBits + " does not fit in " + block);
        }
        long size = 1L << hostBits;
        if (count * size > parent.size()) {
            throw TemplateException.error("Fn::Cidr cannot carve " + count + " blocks of /" + prefix + " from "
                    + block);
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            result.add(new Ipv4Cidr(parent.network() + i * size, prefix).toString());
        }
        return result;
    }
}
