package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

    @Test
    void createsDependenciesFirstInTemplateOrderAndDeletesInReverse() {
        Template template = Template.parse("""
                Resources:
                  Route: {Type: T, DependsOn: Attachment, Properties: {Table: !Ref Table, Gw: !Ref Gateway}}
                  Table: {Type: T, Properties: {Vpc: !Ref Vpc}}
                  Attachment: {Type: T, Properties: {Vpc: !Ref Vpc, Gw: !GetAtt Gateway.Id}}
                  Gateway: {Type: T}
                  Vpc: {Type: T}
                  Lonely: {Type: T}
                """);
        DependencyGraph graph = DependencyGraph.of(template, template.resources().keySet());
        assertThat(graph.creationOrder()).containsExactly("Gateway", "Vpc", "Table", "Attachment", "Route", "Lonely");
        assertThat(graph.deletionOrder()).containsExactly("Lonely", "Route", "Attachment", "Table", "Vpc", "Gateway");
        assertThat(graph.dependencies("Route")).containsExactlyInAnyOrder("Attachment", "Table", "Gateway");
        assertThat(graph.dependents("Vpc")).containsExactlyInAnyOrder("Table", "Attachment");
    }

    @Test
    void onlyActiveResourcesTakePart() {
        Template template = Template.parse("""
                Resources:
                  A: {Type: T, Properties: {X: !Ref B}}
                  B: {Type: T}
                """);
        assertThat(DependencyGraph.of(template, List.of("A")).creationOrder()).containsExactly("A");
    }

    @Test
    void reportsOnlyTheMembersOfCyclesNotTheirDependents() {
        assertThatThrownBy(() -> new DependencyGraph(List.of("A", "B", "C", "D"),
                Map.of("A", Set.of("B"), "B", Set.of("A"), "C", Set.of("A"), "D", Set.of())))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Circular dependency between resources: [A, B]");
    }
}
