package dev.mwaaprovisioner.common.request;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code Network}: for a new network, five CIDR blocks that are valid, private (RFC 1918), sized
 * /16 to /28, with the four subnets inside the VPC and apart from each other; for an existing
 * network, exactly two distinct subnet IDs and one to five distinct security group IDs.
 */
final class NetworkRules implements RequestRule {

    /** The sizes AWS allows for a VPC and for its subnets. */
    static final int LARGEST_PREFIX = 16;
    static final int SMALLEST_PREFIX = 28;
    static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8}([0-9a-f]{9})?");
    static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[0-9a-f]{8}([0-9a-f]{9})?");
    static final int SUBNETS = 2;
    static final int MAX_SECURITY_GROUPS = 5;

    @Override
    public void check(Candidate request, Problems problems) {
        Network network = request.given().network();
        if (network instanceof NewNetwork cidrs) {
            checkCidrs(cidrs, problems);
        } else if (network instanceof ExistingNetwork ids) {
            checkIds(ids, problems);
        }
    }

    private static void checkCidrs(NewNetwork n, Problems problems) {
        CidrBlock vpc = block("VpcCIDR", n.vpcCidr(), problems);
        if (vpc != null && !vpc.isPrivate()) {
            problems.add("Network.VpcCIDR", vpc + " is not a private range; choose a block inside 10.0.0.0/8,"
                    + " 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918), e.g. 10.192.0.0/16");
            vpc = null;
        }
        Map<String, String> subnets = new LinkedHashMap<>();
        subnets.put("PublicSubnet1CIDR", n.publicSubnet1Cidr());
        subnets.put("PublicSubnet2CIDR", n.publicSubnet2Cidr());
        subnets.put("PrivateSubnet1CIDR", n.privateSubnet1Cidr());
        subnets.put("PrivateSubnet2CIDR", n.privateSubnet2Cidr());
        Map<String, CidrBlock> valid = new LinkedHashMap<>();
        for (Map.Entry<String, String> subnet : subnets.entrySet()) {
            CidrBlock block = block(subnet.getKey(), subnet.getValue(), problems);
            if (block == null) {
                continue;
            }
            String path = "Network." + subnet.getKey();
            if (vpc != null && !vpc.contains(block)) {
                problems.add(path, block + " is outside VpcCIDR " + vpc + "; choose a block inside it");
            } else if (vpc == null && !block.isPrivate()) {
                problems.add(path, block + " is not a private range; choose a block inside 10.0.0.0/8,"
                        + " 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918) and inside VpcCIDR");
            } else {
                checkOverlaps(path, subnet.getKey(), block, valid, vpc, problems);
                valid.put(subnet.getKey(), block);
            }
        }
    }

    private static void checkOverlaps(String path, String key, CidrBlock block, Map<String, CidrBlock> earlier,
                                      CidrBlock vpc, Problems problems) {
        for (Map.Entry<String, CidrBlock> other : earlier.entrySet()) {
            if (block.overlaps(other.getValue())) {
                problems.add(path, block + " overlaps " + other.getKey() + " " + other.getValue() + "; choose a block"
                        + (vpc == null ? "" : " inside " + vpc) + " that no other subnet uses");
                return;
            }
        }
    }

    /** Parses one CIDR and checks its form and size; null (reported) when it is not usable. */
    private static CidrBlock block(String key, String text, Problems problems) {
        if (text == null) {
            return null;
        }
        String path = "Network." + key;
        CidrBlock block;
        try {
            block = CidrBlock.parse(text);
        } catch (CidrBlock.InvalidCidr e) {
            problems.add(path, e.getMessage());
            return null;
        }
        if (!block.isNetworkAddress()) {
            problems.add(path, block + " has host bits set; did you mean " + block.network() + "?");
            return null;
        }
        String what = key.equals("VpcCIDR") ? "a VPC" : "a subnet";
        if (block.prefixLength() < LARGEST_PREFIX || block.prefixLength() > SMALLEST_PREFIX) {
            problems.add(path, block + " is /" + block.prefixLength() + ", but " + what + " is /" + LARGEST_PREFIX
                    + " (65,536 addresses) to /" + SMALLEST_PREFIX + " (16 addresses)");
            return null;
        }
        return block;
    }

    private static void checkIds(ExistingNetwork n, Problems problems) {
        List<String> subnets = n.subnetIds();
        if (subnets != null) {
            if (subnets.size() != SUBNETS) {
                problems.add("Network.SubnetIds", "has " + subnets.size() + " subnet"
                        + (subnets.size() == 1 ? "" : "s") + "; MWAA needs exactly " + SUBNETS
                        + " private subnets in different Availability Zones");
            }
            checkIdList("Network.SubnetIds", subnets, SUBNET_ID, "subnet-", "subnet-0123456789abcdef0", problems);
        }
        List<String> groups = n.securityGroupIds();
        if (groups != null) {
            if (groups.isEmpty() || groups.size() > MAX_SECURITY_GROUPS) {
                problems.add("Network.SecurityGroupIds", "has " + groups.size() + " security groups; give 1 to "
                        + MAX_SECURITY_GROUPS + ", each allowing all traffic from itself");
            }
            checkIdList("Network.SecurityGroupIds", groups, SECURITY_GROUP_ID, "sg-", "sg-0123456789abcdef0", problems);
        }
    }

    private static void checkIdList(String path, List<String> ids, Pattern pattern, String prefix, String example,
                                    Problems problems) {
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String itemPath = ProblemPath.index(path, i);
            if (!pattern.matcher(id).matches()) {
                problems.add(itemPath, Shown.quoted(id) + " is not an ID of this kind; write " + prefix
                        + " and 8 or 17 lowercase hex digits, e.g. " + example);
            } else {
                Integer first = firstIndex.putIfAbsent(id, i);
                if (first != null) {
                    problems.add(itemPath, id + " is listed twice (also at [" + first + "]); each ID must be different");
                }
            }
        }
    }
}
