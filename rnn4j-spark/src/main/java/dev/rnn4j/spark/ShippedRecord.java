package dev.rnn4j.spark;

import java.io.Serializable;
import java.lang.reflect.RecordComponent;

/**
 * A record in a task closure: its components' values (numbers, strings, enums, arrays, lists of those),
 * rebuilt on the executor with the canonical constructor, for records of the library that are not
 * {@link Serializable} themselves (a classifier's or forecaster's settings, a series).
 *
 * @param <R> the record type
 */
final class ShippedRecord<R extends Record> implements Serializable {

    private final Class<R> type;
    private final Object[] values;

    ShippedRecord(Class<R> type, R record) {
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                values[i] = components[i].getAccessor().invoke(record);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the " + type.getSimpleName() + ": " + e, e);
        }
    }

    /** The record, rebuilt. */
    R get() {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild the " + type.getSimpleName() + ": " + e, e);
        }
    }
}
