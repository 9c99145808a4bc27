package dev.mwaaprovisioner.local.asl;

import java.util.Arrays;
import java.util.Optional;

/** The comparison operators of JSONPath Choice Rules (each also exists with a {@code Path} suffix, except the tests). */
enum ComparisonOperator {
    StringEquals(Kind.STRING, true),
    StringLessThan(Kind.STRING, true),
    StringGreaterThan(Kind.STRING, true),
    StringLessThanEquals(Kind.STRING, true),
    StringGreaterThanEquals(Kind.STRING, true),
    StringMatches(Kind.STRING, false),
    NumericEquals(Kind.NUMBER, true),
    NumericLessThan(Kind.NUMBER, true),
    NumericGreaterThan(Kind.NUMBER, true),
    NumericLessThanEquals(Kind.NUMBER, true),
    NumericGreaterThanEquals(Kind.NUMBER, true),
    BooleanEquals(Kind.BOOLEAN, true),
    TimestampEquals(Kind.TIMESTAMP, true),
    TimestampLessThan(Kind.TIMESTAMP, true),
    TimestampGreaterThan(Kind.TIMESTAMP, true),
    TimestampLessThanEquals(Kind.TIMESTAMP, true),
    TimestampGreaterThanEquals(Kind.TIMESTAMP, true),
    IsNull(Kind.TYPE_TEST, false),
    IsPresent(Kind.TYPE_TEST, false),
    IsNumeric(Kind.TYPE_TEST, false),
    IsString(Kind.TYPE_TEST, false),
    IsBoolean(Kind.TYPE_TEST, false),
    IsTimestamp(Kind.TYPE_TEST, false);

    /** The type of the operand the operator compares with. */
    enum Kind { STRING, NUMBER, BOOLEAN, TIMESTAMP, TYPE_TEST }

    final Kind kind;
    final boolean hasPathVariant;

    ComparisonOperator(Kind kind, boolean hasPathVariant) {
        this.kind = kind;
        this.hasPathVariant = hasPathVariant;
    }

    /** The operator a Choice Rule field names, e.g. {@code NumericLessThanPath} → (NumericLessThan, path). */
    static Optional<Match> byField(String field) {
        for (ComparisonOperator op : values()) {
            if (op.name().equals(field)) {
                return Optional.of(new Match(op, false));
            }
            if (op.hasPathVariant && (op.name() + "Path").equals(field)) {
                return Optional.of(new Match(op, true));
            }
        }
        return Optional.empty();
    }

    static String[] allFieldNames() {
        return Arrays.stream(values())
                .flatMap(op -> op.hasPathVariant
                        ? java.util.stream.Stream.of(op.name(), op.name() + "Path")
                        : java.util.stream.Stream.of(op.name()))
                .toArray(String[]::new);
    }

    record Match(ComparisonOperator operator, boolean path) {
    }
}
