# Builds the Lambda functions of template.yaml for `sam build` (Metadata BuildMethod: makefile).
# SAM runs `make build-<LogicalId>` with ARTIFACTS_DIR set; each target builds the function's
# Maven module (and what it depends on) with the wrapper, then copies target/lambda/ -- the
# module's jar and its runtime dependencies under lib/, the java21 runtime's zip layout.
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
RemoveKeyPolicyStatementFunction := functions/teardown
RemoveExecutionRoleFunction      := functions/teardown
RemoveNetworkStackFunction       := functions/teardown

FUNCTIONS := DispatchFunction ValidateRequestFunction PlanChangesFunction CreateNetworkStackFunction \
             CheckNetworkStackFunction CheckExistingNetworkFunction CreateExecutionRoleFunction \
             UpdateKeyPolicyFunction CreateEnvironmentFunction CheckEnvironmentFunction \
             UpdateEnvironmentFunction ReportFunction \
             PlanRemovalFunction RemoveEnvironmentFunction RemoveKeyPolicyStatementFunction \
             RemoveExecutionRoleFunction RemoveNetworkStackFunction

.PHONY: $(addprefix build-,$(FUNCTIONS))

$(addprefix build-,$(FUNCTIONS)): build-%:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)"; exit 2; }
	rm -rf $($*)/target/lambda
	$(MVNW) $(MAVEN_FLAGS) -pl $($*) -am package
	mkdir -p "$(ARTIFACTS_DIR)"
	cp -R $($*)/target/lambda/. "$(ARTIFACTS_DIR)/"
