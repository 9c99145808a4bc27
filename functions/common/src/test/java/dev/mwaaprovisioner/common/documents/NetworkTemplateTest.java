package dev.mwaaprovisioner.common.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads the network template as CloudFormation would and checks its wiring. */
class NetworkTemplateTest {

    /** What the local cloud's template engine implements (besides Fn::If and Conditions, unused here). */
    private static final Set<String> ALLOWED_INTRINSICS = Set.of("Ref", "Fn::Sub", "Fn::GetAtt", "Fn::Select",
            "Fn::GetAZs", "Fn::Join");
    private static final Set<String> UNTAGGABLE = Set.of("AWS::EC2::VPCGatewayAttachment", "AWS::EC2::Route",
            "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::SecurityGroupIngress");

    private static Map<String, Object> template;
    private static Map<String, Object> resources;
    private static Map<String, Object> parameters;

    @BeforeAll
    static void parse() {
        template = CloudFormationYaml.parseTemplate(NetworkTemplate.body());
        resources = map(template.get("Resources"));
        parameters = map(template.get("Parameters"));
    }

    @Test
    void hasExactlyTheExpectedResources() {
        Map<String, String> types = new LinkedHashMap<>();
        resources.forEach((id, r) -> types.put(id, (String) map(r).get("Type")));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("VPC", "AWS::EC2::VPC");
        expected.put("InternetGateway", "AWS::EC2::InternetGateway");
        expected.put("InternetGatewayAttachment", "AWS::EC2::VPCGatewayAttachment");
        expected.put("PublicSubnet1", "AWS::EC2::Subnet");
        expected.put("PublicSubnet2", "AWS::EC2::Subnet");
        expected.put("PrivateSubnet1", "AWS::EC2::Subnet");
        expected.put("PrivateSubnet2", "AWS::EC2::Subnet");
        expected.put("NatGateway1EIP", "AWS::EC2::EIP");
        expected.put("NatGateway2EIP", "AWS::EC2::EIP");
        expected.put("NatGateway1", "AWS::EC2::NatGateway");
        expected.put("NatGateway2", "AWS::EC2::NatGateway");
        expected.put("PublicRouteTable", "AWS::EC2::RouteTable");
        expected.put("DefaultPublicRoute", "AWS::EC2::Route");
        expected.put("PublicSubnet1RouteTableAssociation", "AWS::EC2::SubnetRouteTableAssociation");
        expected.put("PublicSubnet2RouteTableAssociation", "AWS::EC2::SubnetRouteTableAssociation");
        expected.put("PrivateRouteTable1", "AWS::EC2::RouteTable");
        expected.put("DefaultPrivateRoute1", "AWS::EC2::Route");
        expected.put("PrivateSubnet1RouteTableAssociation", "AWS::EC2::SubnetRouteTableAssociation");
        expected.put("PrivateRouteTable2", "AWS::EC2::RouteTable");
        expected.put("DefaultPrivateRoute2", "AWS::EC2::Route");
        expected.put("PrivateSubnet2RouteTableAssociation", "AWS::EC2::SubnetRouteTableAssociation");
        expected.put("SecurityGroup", "AWS::EC2::SecurityGroup");
        expected.put("SecurityGroupSelfIngress", "AWS::EC2::SecurityGroupIngress");
        assertThat(types).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(template.get("AWSTemplateFormatVersion")).isEqualTo("2010-09-09");
    }

    @Test
    void everyReferenceResolves() {
        TemplateReferences references = TemplateReferences.check(template);
        assertThat(references.problems).isEmpty();
        assertThat(references.intrinsicsUsed).isSubsetOf(ALLOWED_INTRINSICS)
                .contains("Ref", "Fn::Sub", "Fn::GetAtt", "Fn::Select", "Fn::GetAZs", "Fn::Join");
        // Every parameter is used somewhere.
        String everything = String.valueOf(template.get("Resources"));
        for (String parameter : parameters.keySet()) {
            assertThat(everything).as("parameter %s is used", parameter)
                    .containsAnyOf("Ref=" + parameter + "}", "${" + parameter + "}");
        }
    }

    @Test
    void theReferenceCheckFindsBrokenReferences() {
        Map<String, Object> broken = CloudFormationYaml.parseTemplate("""
                Parameters:
                  P: {Type: String}
                Resources:
                  A:
                    Type: AWS::EC2::VPC
                    DependsOn: [Missing1]
                    Properties:
                      CidrBlock: !Ref Nope
                      Ok: !Sub '${P}-${AWS::Region}-${A.Attr}-${!Literal}'
                      Bad: !Sub '${Nowhere}'
                      Named: !Sub ['${X}', {X: !GetAtt Ghost.Id}]
                Outputs:
                  O: {Value: !Ref Missing2}
                """);
        assertThat(TemplateReferences.check(broken).problems).containsExactlyInAnyOrder(
                "Resources.A.Properties.CidrBlock: Ref to unknown Nope",
                "Resources.A.Properties.Bad: Sub variable ${Nowhere} is not defined",
                "Resources.A.Properties.Named.Fn::Sub[1].X: GetAtt of unknown resource [Ghost, Id]",
                "Outputs.O.Value: Ref to unknown Missing2",
                "Resources.A.DependsOn: no resource Missing1");
    }

    @Test
    void outputsAreTheOnesTheWorkflowReadsAndAreNotExported() {
        Map<String, Object> outputs = map(template.get("Outputs"));
        assertThat(outputs.keySet()).containsExactlyInAnyOrder(NetworkTemplate.OUTPUT_VPC_ID,
                NetworkTemplate.OUTPUT_PRIVATE_SUBNET_IDS, NetworkTemplate.OUTPUT_PRIVATE_SUBNET_1,
                NetworkTemplate.OUTPUT_PRIVATE_SUBNET_2, NetworkTemplate.OUTPUT_PUBLIC_SUBNET_1,
                NetworkTemplate.OUTPUT_PUBLIC_SUBNET_2, NetworkTemplate.OUTPUT_SECURITY_GROUP_ID);
        outputs.forEach((name, output) -> assertThat(map(output)).as(name).doesNotContainKey("Export")
                .containsKeys("Description", "Value"));
        assertThat(value(outputs, "VpcId")).isEqualTo(ref("VPC"));
        assertThat(value(outputs, "PrivateSubnetIds")).isEqualTo(Map.of("Fn::Join",
                List.of(",", List.of(ref("PrivateSubnet1"), ref("PrivateSubnet2")))));
        assertThat(value(outputs, "PrivateSubnet1")).isEqualTo(ref("PrivateSubnet1"));
        assertThat(value(outputs, "PrivateSubnet2")).isEqualTo(ref("PrivateSubnet2"));
        assertThat(value(outputs, "PublicSubnet1")).isEqualTo(ref("PublicSubnet1"));
        assertThat(value(outputs, "PublicSubnet2")).isEqualTo(ref("PublicSubnet2"));
        assertThat(value(outputs, "SecurityGroupId")).isEqualTo(Map.of("Fn::GetAtt", List.of("SecurityGroup", "GroupId")));
    }

    @Test
    void securityGroupAllowsAllTrafficFromItselfAndAllOutbound() {
        Map<String, Object> sg = properties("SecurityGroup");
        assertThat(sg).doesNotContainKey("GroupName").doesNotContainKey("SecurityGroupIngress");
        assertThat(sg.get("VpcId")).isEqualTo(ref("VPC"));
        assertThat(sg.get("SecurityGroupEgress")).isEqualTo(List.of(Map.of(
                "Description", "All outbound traffic", "IpProtocol", "-1", "CidrIp", "0.0.0.0/0")));
        assertThat(String.valueOf(sg.get("GroupDescription"))).hasSizeLessThan(255);

        List<String> ingressRules = idsOfType("AWS::EC2::SecurityGroupIngress");
        assertThat(ingressRules).containsExactly("SecurityGroupSelfIngress");
        Map<String, Object> ingress = properties("SecurityGroupSelfIngress");
        assertThat(ingress.get("GroupId")).isEqualTo(ref("SecurityGroup"));
        assertThat(ingress.get("SourceSecurityGroupId")).isEqualTo(ref("SecurityGroup"));
        assertThat(ingress.get("IpProtocol")).isEqualTo("-1");
        assertThat(ingress).doesNotContainKeys("CidrIp", "FromPort", "ToPort");
    }

    @Test
    void eachPrivateSubnetRoutesToTheNatGatewayOfItsOwnZone() {
        for (String privateSubnet : List.of("PrivateSubnet1", "PrivateSubnet2")) {
            String routeTable = routeTableOf(privateSubnet);
            Map<String, Object> route = defaultRouteOf(routeTable);
            assertThat(route).as(privateSubnet).containsKey("NatGatewayId").doesNotContainKey("GatewayId");
            String nat = refTarget(route.get("NatGatewayId"));
            assertThat(type(nat)).isEqualTo("AWS::EC2::NatGateway");
            String natSubnet = refTarget(properties(nat).get("SubnetId"));
            assertThat(natSubnet).startsWith("PublicSubnet");
            assertThat(properties(natSubnet).get("AvailabilityZone")).as("zone of %s's NAT gateway", privateSubnet)
                    .isEqualTo(properties(privateSubnet).get("AvailabilityZone"));
            // Only this private subnet uses that route table.
            assertThat(subnetsAssociatedWith(routeTable)).containsExactly(privateSubnet);
            List<?> allocation = (List<?>) map(properties(nat).get("AllocationId")).get("Fn::GetAtt");
            assertThat(allocation.get(1)).isEqualTo("AllocationId");
            assertThat(type((String) allocation.get(0))).isEqualTo("AWS::EC2::EIP");
            assertThat(properties((String) allocation.get(0)).get("Domain")).isEqualTo("vpc");
        }
        assertThat(properties("PrivateSubnet1").get("AvailabilityZone"))
                .isNotEqualTo(properties("PrivateSubnet2").get("AvailabilityZone"));
        assertThat(refTarget(properties("NatGateway1").get("SubnetId")))
                .isNotEqualTo(refTarget(properties("NatGateway2").get("SubnetId")));
    }

    @Test
    void publicSubnetsRouteToTheInternetGateway() {
        for (String publicSubnet : List.of("PublicSubnet1", "PublicSubnet2")) {
            Map<String, Object> route = defaultRouteOf(routeTableOf(publicSubnet));
            assertThat(route.get("GatewayId")).isEqualTo(ref("InternetGateway"));
        }
        assertThat(map(resources.get("DefaultPublicRoute")).get("DependsOn")).isEqualTo("InternetGatewayAttachment");
        assertThat(map(resources.get("NatGateway1EIP")).get("DependsOn")).isEqualTo("InternetGatewayAttachment");
        assertThat(map(resources.get("NatGateway2EIP")).get("DependsOn")).isEqualTo("InternetGatewayAttachment");
        Map<String, Object> attachment = properties("InternetGatewayAttachment");
        assertThat(attachment).containsEntry("VpcId", ref("VPC")).containsEntry("InternetGatewayId", ref("InternetGateway"));
    }

    @Test
    void subnetsSpanTwoZonesAndOnlyPublicOnesMapPublicIps() {
        Map<String, Object> zone0 = Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", "")));
        Map<String, Object> zone1 = Map.of("Fn::Select", List.of(1, Map.of("Fn::GetAZs", "")));
        assertThat(properties("PublicSubnet1")).containsEntry("AvailabilityZone", zone0)
                .containsEntry("MapPublicIpOnLaunch", true).containsEntry("CidrBlock", ref("PublicSubnet1CIDR"));
        assertThat(properties("PublicSubnet2")).containsEntry("AvailabilityZone", zone1)
                .containsEntry("MapPublicIpOnLaunch", true).containsEntry("CidrBlock", ref("PublicSubnet2CIDR"));
        assertThat(properties("PrivateSubnet1")).containsEntry("AvailabilityZone", zone0)
                .containsEntry("MapPublicIpOnLaunch", false).containsEntry("CidrBlock", ref("PrivateSubnet1CIDR"));
        assertThat(properties("PrivateSubnet2")).containsEntry("AvailabilityZone", zone1)
                .containsEntry("MapPublicIpOnLaunch", false).containsEntry("CidrBlock", ref("PrivateSubnet2CIDR"));
        for (String subnet : idsOfType("AWS::EC2::Subnet")) {
            assertThat(properties(subnet).get("VpcId")).isEqualTo(ref("VPC"));
        }
        assertThat(properties("VPC")).containsEntry("EnableDnsSupport", true).containsEntry("EnableDnsHostnames", true)
                .containsEntry("CidrBlock", ref("VpcCIDR"));
    }

    @Test
    void everyTaggableResourceCarriesANameAndTheEnvironmentTag() {
        resources.forEach((id, r) -> {
            String type = type(id);
            if (UNTAGGABLE.contains(type)) {
                assertThat(properties(id)).as(id).doesNotContainKey("Tags");
                return;
            }
            List<?> tags = (List<?>) properties(id).get("Tags");
            assertThat(tags).as("tags of %s", id).isNotNull();
            Map<Object, Object> byKey = new LinkedHashMap<>();
            tags.forEach(t -> byKey.put(map(t).get("Key"), map(t).get("Value")));
            assertThat(byKey).as(id).containsEntry(NetworkTemplate.ENVIRONMENT_TAG_KEY, ref("EnvironmentName"));
            assertThat(String.valueOf(byKey.get("Name"))).as("Name tag of %s", id)
                    .startsWith("{Fn::Sub=${EnvironmentName}-");
        });
    }

    @Test
    void parametersMatchWhatTheJavaSideChecks() {
        assertThat(parameters.keySet()).containsExactlyElementsOf(
                NetworkTemplate.parameters("analytics-dev", defaultCidrs()).keySet());
        Map<String, Object> name = map(parameters.get("EnvironmentName"));
        assertThat(name).containsEntry("MinLength", 1).containsEntry("MaxLength", 80).doesNotContainKey("Default");
        Pattern templateName = Pattern.compile((String) name.get("AllowedPattern"));
        for (String candidate : List.of("a", "analytics-dev", "A_b-9", "x".repeat(80), "9lives", "-x", "_x", "a b",
                "a.b", "a*", "a/b", "", "é")) {
            boolean javaAccepts = AwsIdentifiers.ENVIRONMENT_NAME.matcher(candidate).matches();
            boolean templateAccepts = templateName.matcher(candidate).matches() && candidate.length() <= 80;
            assertThat(templateAccepts).as("template and Java agree on '%s'", candidate).isEqualTo(javaAccepts);
        }
        for (String cidrParameter : List.of("VpcCIDR", "PublicSubnet1CIDR", "PublicSubnet2CIDR", "PrivateSubnet1CIDR",
                "PrivateSubnet2CIDR")) {
            Map<String, Object> p = map(parameters.get(cidrParameter));
            assertThat(p.get("AllowedPattern")).as(cidrParameter)
                    .isEqualTo("^" + NetworkTemplate.CIDR.pattern() + "$");
            assertThat(NetworkTemplate.CIDR.matcher((String) p.get("Default")).matches()).isTrue();
            assertThat(p).containsKey("ConstraintDescription");
        }
    }

    @Test
    void cidrPatternAcceptsOnlyVpcAndSubnetSizedBlocks() {
        for (String good : List.of("10.192.0.0/16", "10.0.0.0/28", "172.16.5.0/24", "192.168.255.240/28")) {
            assertThat(NetworkTemplate.CIDR.matcher(good).matches()).as(good).isTrue();
        }
        for (String bad : List.of("10.0.0.0/8", "10.0.0.0/15", "10.0.0.0/29", "10.0.0.0", "256.0.0.0/16",
                "10.0.0.0/16 ", "01.0.0.0/16", "10.0.0/16", "a.b.c.d/16", "10.0.0.0/016")) {
            assertThat(NetworkTemplate.CIDR.matcher(bad).matches()).as(bad).isFalse();
        }
    }

    @Test
    void parametersForAnEnvironment() {
        Map<String, String> p = NetworkTemplate.parameters("analytics-dev", defaultCidrs());
        assertThat(p).containsExactly(Map.entry("EnvironmentName", "analytics-dev"),
                Map.entry("VpcCIDR", "10.192.0.0/16"), Map.entry("PublicSubnet1CIDR", "10.192.10.0/24"),
                Map.entry("PublicSubnet2CIDR", "10.192.11.0/24"), Map.entry("PrivateSubnet1CIDR", "10.192.20.0/24"),
                Map.entry("PrivateSubnet2CIDR", "10.192.21.0/24"));
        assertThat(NetworkTemplate.stackName("analytics-dev")).isEqualTo("mwaa-analytics-dev-network");
    }

    @Test
    void refusesBadParameterValuesNamingTheParameter() {
        assertThatThrownBy(() -> NetworkTemplate.parameters("1bad", defaultCidrs()))
                .hasMessageStartingWith("environment name: '1bad' is not a valid MWAA environment name");
        assertThatThrownBy(() -> new NetworkCidrs("10.192.0.0/16", "10.192.10.0/24", "10.192.11.0/33",
                "10.192.20.0/24", "10.192.21.0/24"))
                .hasMessageStartingWith("PublicSubnet2CIDR: '10.192.11.0/33' is not an IPv4 CIDR block");
        assertThatThrownBy(() -> new NetworkCidrs(null, "10.192.10.0/24", "10.192.11.0/24",
                "10.192.20.0/24", "10.192.21.0/24"))
                .hasMessageStartingWith("VpcCIDR: (missing)");
        assertThatThrownBy(() -> NetworkTemplate.parameters("ok", null)).hasMessageContaining("network CIDRs");
    }

    private static NetworkCidrs defaultCidrs() {
        return new NetworkCidrs("10.192.0.0/16", "10.192.10.0/24", "10.192.11.0/24", "10.192.20.0/24",
                "10.192.21.0/24");
    }

    private static String routeTableOf(String subnet) {
        List<String> tables = new ArrayList<>();
        for (String id : idsOfType("AWS::EC2::SubnetRouteTableAssociation")) {
            Map<String, Object> p = properties(id);
            if (ref(subnet).equals(p.get("SubnetId"))) {
                tables.add(refTarget(p.get("RouteTableId")));
            }
        }
        assertThat(tables).as("route tables of %s", subnet).hasSize(1);
        return tables.get(0);
    }

    private static List<String> subnetsAssociatedWith(String routeTable) {
        List<String> subnets = new ArrayList<>();
        for (String id : idsOfType("AWS::EC2::SubnetRouteTableAssociation")) {
            Map<String, Object> p = properties(id);
            if (ref(routeTable).equals(p.get("RouteTableId"))) {
                subnets.add(refTarget(p.get("SubnetId")));
            }
        }
        return subnets;
    }

    private static Map<String, Object> defaultRouteOf(String routeTable) {
        List<Map<String, Object>> routes = new ArrayList<>();
        for (String id : idsOfType("AWS::EC2::Route")) {
            Map<String, Object> p = properties(id);
            if (ref(routeTable).equals(p.get("RouteTableId")) && "0.0.0.0/0".equals(p.get("DestinationCidrBlock"))) {
                routes.add(p);
            }
        }
        assertThat(routes).as("default routes of %s", routeTable).hasSize(1);
        return routes.get(0);
    }

    private static List<String> idsOfType(String type) {
        return resources.keySet().stream().filter(id -> type.equals(type(id))).toList();
    }

    private static String type(String id) {
        return (String) map(resources.get(id)).get("Type");
    }

    private static Map<String, Object> properties(String id) {
        assertThat(resources).containsKey(id);
        return map(map(resources.get(id)).get("Properties"));
    }

    private static Object value(Map<String, Object> outputs, String name) {
        return map(outputs.get(name)).get("Value");
    }

    private static Map<String, Object> ref(String target) {
        return Map.of("Ref", target);
    }

    private static String refTarget(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        Object target = map(node).get("Ref");
        assertThat(target).as("a Ref in %s", node).isInstanceOf(String.class);
        return (String) target;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }
}
