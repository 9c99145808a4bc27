# Builds the Lambda functions of template.yaml for `sam build` (Metadata BuildMethod: makefile).
# SAM runs `make build-<LogicalId>` with ARTIFACTS_DIR set; the first target builds every
# function module with one run of the wrapper, each target then copies its module's
# target/lambda/ -- the jar and its runtime dependencies under lib/, the java21 runtime's zip layout.
#
#   sam build --build-in-source     # builds in this checkout, reusing Maven's output
#   make build-ReportFunction ARTIFACTS_DIR=/tmp/report   # one function by hand

MVNW ?= ./mvnw
MAVEN_FLAGS ?= -B -q -DskipTests

# LogicalId -> Maven module. One line per function of template.yaml.
DispatchFunction             := functions/dispatch
ValidateRequestFunction      := functions/validate-request
PlanChangesFunction          := functions/environment
CreateNetworkStackFunction   := functions/network-stack
CheckNetworkStackFunction    := functions/network-stack
CheckExistingNetworkFunction := functions/existing-network
CreateExecutionRoleFunction  := functions/execution-role
UpdateKeyPolicyFunction      := functions/key-policy
CreateEnvironmentFunction    := functions/environment
CheckEnvironmentFunction     := functions/environment
UpdateEnvironmentFunction    := functions/environment
ReportFunction               := functions/report
PlanRemovalFunction              := functions/removal-plan
RemoveEnvironmentFunction        := functions/teardown
RemoveKeyPolicyStatementFunction := functions/key-policy
RemoveExecutionRoleFunction      := functions/teardown
RemoveNetworkStackFunction       := functions/teardown

FUNCTIONS := DispatchFunction ValidateRequestFunction PlanChangesFunction CreateNetworkStackFunction \
             CheckNetworkStackFunction CheckExistingNetworkFunction CreateExecutionRoleFunction \
             UpdateKeyPolicyFunction CreateEnvironmentFunction CheckEnvironmentFunction \
             UpdateEnvironmentFunction ReportFunction \
             PlanRemovalFunction RemoveEnvironmentFunction RemoveKeyPolicyStatementFunction \
             RemoveExecutionRoleFunction RemoveNetworkStackFunction

.PHONY: $(addprefix build-,$(FUNCTIONS))

# One Maven run builds every function module (and what they share) for all 17 targets: the first
# target SAM runs builds, the others find the stamp newer than every source and only copy. A
# changed source, POM or resource makes the next target build again.
comma := ,
empty :=
space := $(empty) $(empty)
FUNCTION_MODULES := $(sort $(foreach f,$(FUNCTIONS),$($(f))))
FUNCTION_SOURCES := pom.xml $(shell find functions -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) 2>/dev/null)
STAMP := target/sam-build/functions.stamp

$(STAMP): $(FUNCTION_SOURCES)
	rm -rf $(addsuffix /target/lambda,$(FUNCTION_MODULES))
	$(MVNW) $(MAVEN_FLAGS) -pl $(subst $(space),$(comma),$(FUNCTION_MODULES)) -am package
	mkdir -p $(dir $@)
	touch $@

$(addprefix build-,$(FUNCTIONS)): build-%: $(STAMP)
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)"; exit 2; }
	mkdir -p "$(ARTIFACTS_DIR)"
	cp -R $($*)/target/lambda/. "$(ARTIFACTS_DIR)/"
