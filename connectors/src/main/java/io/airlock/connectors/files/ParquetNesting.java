package io.airlock.connectors.files;

import io.airlock.connectors.spi.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Parquet's nested types, read into plain Java values: a LIST becomes a {@link List}, a MAP a
 * {@link LinkedHashMap} (in file order), any other group a {@link LinkedHashMap} from field name to
 * value with every field present (null when absent), and a repeated field without a LIST annotation
 * a {@link List}. Both the standard three-level lists and the older two-level forms are read, as
 * the Parquet format's backward-compatibility rules describe.
 *
 * <p>A top-level column becomes an ARRAY when it is a list of primitives (LIST-annotated or a bare
 * repeated primitive); every other nested column becomes JSON (see {@link JsonText}).
 */
final class ParquetNesting {
  private ParquetNesting() {}

  /** The {@link DataType} of a top-level field. */
  static DataType columnType(Type field) {
    if (field.isPrimitive()) {
      DataType scalar = ParquetScalars.dataType(field.asPrimitiveType(), field.getName());
      return field.isRepetition(Type.Repetition.REPEATED) ? DataType.arrayOf(scalar) : scalar;
    }
    PrimitiveType element = primitiveElement(field.asGroupType());
    if (element != null) {
      return DataType.arrayOf(ParquetScalars.dataType(element, field.getName()));
    }
    checkSupported(field, field.getName());
    return DataType.JSON;
  }

  /** Fails with the column path if any primitive under {@code type} has an unmapped type. */
  private static void checkSupported(Type type, String path) {
    if (type.isPrimitive()) {
      ParquetScalars.decode(type.asPrimitiveType(), path);
      return;
    }
    for (Type child : type.asGroupType().getFields()) {
      checkSupported(child, path + "." + child.getName());
    }
  }

  /** The element of a list of primitives, or null if {@code group} is not one. */
  private static PrimitiveType primitiveElement(GroupType group) {
    if (!(group.getLogicalTypeAnnotation()
            instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)
        || group.getFieldCount() != 1
        || !group.getType(0).isRepetition(Type.Repetition.REPEATED)) {
      return null;
    }
    Type repeated = group.getType(0);
    if (repeated.isPrimitive()) {
      return repeated.asPrimitiveType();
    }
    if (repeatedIsElement(group, repeated.asGroupType())) {
      return null;
    }
    Type element = repeated.asGroupType().getType(0);
    return element.isPrimitive() ? element.asPrimitiveType() : null;
  }

  /** Two-level lists: the repeated group is itself the element (a struct). */
  private static boolean repeatedIsElement(GroupType list, GroupType repeated) {
    return repeated.getFieldCount() > 1
        || repeated.getName().equals("array")
        || repeated.getName().equals(list.getName() + "_tuple");
  }

  /** A converter for a value of {@code type} (its repetition aside) that hands it to parent. */
  static Converter converter(Type type, String path, Consumer<Object> parent) {
    if (type.isPrimitive()) {
      return ParquetScalars.converter(type.asPrimitiveType(), path, parent);
    }
    GroupType group = type.asGroupType();
    LogicalTypeAnnotation logical = group.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation
        && group.getFieldCount() == 1
        && group.getType(0).isRepetition(Type.Repetition.REPEATED)) {
      return new ListConverter(group, path, parent);
    }
    if ((logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation)
        && group.getFieldCount() == 1
        && !group.getType(0).isPrimitive()
        && group.getType(0).asGroupType().getFieldCount() >= 1) {
      return new MapConverter(group, path, parent);
    }
    return new StructConverter(group, path, parent);
  }

  /**
   * Holds the fields of a group while one value of it is read; repeated fields collect lists.
   * Subclasses say what to do with the values at the group's end.
   */
  abstract static class FieldsConverter extends GroupConverter {
    private final Converter[] converters;
    private final boolean[] repeated;
    protected Object[] values;

    FieldsConverter(GroupType group, String path) {
      int count = group.getFieldCount();
      converters = new Converter[count];
      repeated = new boolean[count];
      values = new Object[count];
      for (int i = 0; i < count; i++) {
        Type field = group.getType(i);
        int index = i;
        String fieldPath = path.isEmpty() ? field.getName() : path + "." + field.getName();
        repeated[i] = field.isRepetition(Type.Repetition.REPEATED);
        Consumer<Object> setter = repeated[i] ? v -> list(index).add(v) : v -> values[index] = v;
        converters[i] = converter(field, fieldPath, setter);
      }
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(int index) {
      return (List<Object>) values[index];
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      values = new Object[converters.length];
      for (int i = 0; i < repeated.length; i++) {
        if (repeated[i]) {
          values[i] = new ArrayList<>();
        }
      }
    }
  }

  private static final class StructConverter extends FieldsConverter {
    private final List<String> names = new ArrayList<>();
    private final Consumer<Object> parent;

    StructConverter(GroupType group, String path, Consumer<Object> parent) {
      super(group, path);
      group.getFields().forEach(f -> names.add(f.getName()));
      this.parent = parent;
    }

    @Override
    public void end() {
      Map<String, Object> struct = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        struct.put(names.get(i), values[i]);
      }
      parent.accept(struct);
    }
  }

  private static final class ListConverter extends GroupConverter {
    private final Consumer<Object> parent;
    private final Converter repeated;
    private List<Object> list;

    ListConverter(GroupType group, String path, Consumer<Object> parent) {
      this.parent = parent;
      Type repeatedType = group.getType(0);
      String repeatedPath = path + "." + repeatedType.getName();
      if (repeatedType.isPrimitive() || repeatedIsElement(group, repeatedType.asGroupType())) {
        this.repeated = converter(repeatedType, repeatedPath, v -> list.add(v));
      } else {
        this.repeated = new ElementConverter(repeatedType.asGroupType(), repeatedPath, this);
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return repeated;
    }

    @Override
    public void start() {
      list = new ArrayList<>();
    }

    @Override
    public void end() {
      parent.accept(list);
    }
  }

  /** The repeated group of a three-level list: adds its one field, or null, per repetition. */
  private static final class ElementConverter extends GroupConverter {
    private final Converter element;
    private final ListConverter owner;
    private Object pending;

    ElementConverter(GroupType repeated, String path, ListConverter owner) {
      this.owner = owner;
      Type elementType = repeated.getType(0);
      this.element = converter(elementType, path + "." + elementType.getName(), v -> pending = v);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return element;
    }

    @Override
    public void start() {
      pending = null;
    }

    @Override
    public void end() {
      owner.list.add(pending);
    }
  }

  private static final class MapConverter extends GroupConverter {
    private final Consumer<Object> parent;
    private final KeyValueConverter entries;
    private Map<Object, Object> map;

    MapConverter(GroupType group, String path, Consumer<Object> parent) {
      this.parent = parent;
      GroupType keyValue = group.getType(0).asGroupType();
      this.entries = new KeyValueConverter(keyValue, path + "." + keyValue.getName(), this);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return entries;
    }

    @Override
    public void start() {
      map = new LinkedHashMap<>();
    }

    @Override
    public void end() {
      parent.accept(map);
    }
  }

  private static final class KeyValueConverter extends GroupConverter {
    private final Converter[] converters;
    private final MapConverter owner;
    private Object key;
    private Object value;

    KeyValueConverter(GroupType keyValue, String path, MapConverter owner) {
      this.owner = owner;
      converters = new Converter[keyValue.getFieldCount()];
      Type keyType = keyValue.getType(0);
      converters[0] = converter(keyType, path + "." + keyType.getName(), v -> key = v);
      if (converters.length > 1) {
        Type valueType = keyValue.getType(1);
        converters[1] = converter(valueType, path + "." + valueType.getName(), v -> value = v);
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      key = null;
      value = null;
    }

    @Override
    public void end() {
      owner.map.put(key, value);
    }
  }
}
