package dev.mwaaprovisioner.common.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrBlockTest {

    private static CidrBlock cidr(String text) throws CidrBlock.InvalidCidr {
        return CidrBlock.parse(text);
    }

    @Test
    void readsAndPrintsABlock() throws Exception {
        CidrBlock block = cidr("10.192.10.0/24");

        assertThat(block.prefixLength()).isEqualTo(24);
        assertThat(block).hasToString("10.192.10.0/24");
        assertThat(cidr("255.255.255.255/32")).hasToString("255.255.255.255/32");
        assertThat(cidr("0.0.0.0/0").isNetworkAddress()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.192.0.0", "10.192.0/16", "10.192.0.0/33", "10.192.0.256/24", "010.1.0.0/16",
            "10.1.0.0/016", " 10.1.0.0/16", "10.1.0.0 /16", "a.b.c.d/8", "", "::/0", "1e1.0.0.0/8"})
    void refusesAnythingButStrictDottedDecimal(String text) {
        assertThatThrownBy(() -> cidr(text)).isInstanceOf(CidrBlock.InvalidCidr.class)
                .hasMessageContaining("10.192.0.0/16");
    }

    @Test
    void findsHostBitsAndTheBlockMeant() throws Exception {
        CidrBlock block = cidr("10.192.10.5/24");

        assertThat(block.isNetworkAddress()).isFalse();
        assertThat(block.network()).hasToString("10.192.10.0/24");
        assertThat(cidr("10.192.10.0/23").network()).hasToString("10.192.10.0/23");
        assertThat(cidr("10.192.11.0/23").isNetworkAddress()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "10.192.0.0/16, 10.192.10.0/24, true, true",
            "10.192.0.0/16, 10.192.0.0/16, true, true",
            "10.192.10.0/24, 10.192.10.128/25, true, true",
            "10.192.10.0/25, 10.192.10.128/25, false, false",
            "10.192.0.0/16, 10.193.0.0/24, false, false",
            "10.192.10.0/24, 10.192.0.0/16, false, true",
            "0.0.0.0/0, 192.168.1.0/24, true, true"})
    void containsAndOverlaps(String outer, String inner, boolean contains, boolean overlaps) throws Exception {
        assertThat(cidr(outer).contains(cidr(inner))).isEqualTo(contains);
        assertThat(cidr(outer).overlaps(cidr(inner))).isEqualTo(overlaps);
        assertThat(cidr(inner).overlaps(cidr(outer))).isEqualTo(overlaps);
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, true", "10.255.255.240/28, true", "172.16.0.0/12, true", "172.31.255.0/24, true",
            "172.32.0.0/16, false", "172.15.0.0/16, false", "192.168.0.0/16, true", "192.169.0.0/16, false",
            "11.0.0.0/16, false", "100.64.0.0/16, false", "8.0.0.0/7, false", "0.0.0.0/0, false"})
    void knowsThePrivateRangesOfRfc1918(String block, boolean isPrivate) throws Exception {
        assertThat(cidr(block).isPrivate()).isEqualTo(isPrivate);
    }
}
