package dev.mwaaprovisioner.local.cloud.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

    @Test
    void parsesOnlyCanonicalBlocks() {
        assertThat(Ipv4Cidr.parse("10.192.0.0/16")).map(Ipv4Cidr::toString).hasValue("10.192.0.0/16");
        assertThat(Ipv4Cidr.parse("0.0.0.0/0")).isPresent();
        assertThat(Ipv4Cidr.parse("10.0.0.1/16")).as("host bits set").isEmpty();
        assertThat(Ipv4Cidr.parse("10.0.0.256/24")).isEmpty();
        assertThat(Ipv4Cidr.parse("10.0.0.0/33")).isEmpty();
        assertThat(Ipv4Cidr.parse("10.0.0/16")).isEmpty();
        assertThat(Ipv4Cidr.parse("010.0.0.0/16")).isEmpty();
        assertThat(Ipv4Cidr.parse(" 10.0.0.0/16")).isEmpty();
        assertThat(Ipv4Cidr.parse(null)).isEmpty();
    }

    @Test
    void containmentOverlapAndSize() {
        Ipv4Cidr vpc = Ipv4Cidr.parse("10.0.0.0/16").orElseThrow();
        Ipv4Cidr subnet = Ipv4Cidr.parse("10.0.1.0/24").orElseThrow();
        Ipv4Cidr other = Ipv4Cidr.parse("10.1.0.0/24").orElseThrow();
        assertThat(vpc.contains(subnet)).isTrue();
        assertThat(subnet.contains(vpc)).isFalse();
        assertThat(vpc.overlaps(other)).isFalse();
        assertThat(Ipv4Cidr.parse("10.0.0.0/23").orElseThrow().overlaps(subnet)).isTrue();
        assertThat(subnet.size()).isEqualTo(256);
        assertThat(subnet.address(4)).isEqualTo("10.0.1.4");
    }
}
