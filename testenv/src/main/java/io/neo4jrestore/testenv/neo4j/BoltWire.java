package io.neo4jrestore.testenv.neo4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bolt's message framing (chunks of at most 64 KiB ended by an empty chunk) and PackStream, the
 * value encoding: enough for the stand-in's messages (no temporal or spatial types).
 */
final class BoltWire {
  private BoltWire() {}

  /** A PackStream structure: a Bolt message or a structured value. */
  record Struct(int tag, List<Object> fields) {}

  /** Reads one message (NOOP chunks are skipped). */
  static Struct readMessage(DataInputStream in) throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    while (true) {
      int size = in.readUnsignedShort();
      if (size == 0) {
        if (message.size() == 0) {
          continue; // NOOP
        }
        break;
      }
      message.write(in.readNBytes(size));
    }
    Object v = unpack(new DataInputStream(new ByteArrayInputStream(message.toByteArray())));
    if (!(v instanceof Struct s)) {
      throw new IOException("a Bolt message must be a structure, got " + v);
    }
    return s;
  }

  static void writeMessage(DataOutputStream out, Struct s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    pack(new DataOutputStream(bytes), s);
    byte[] b = bytes.toByteArray();
    for (int off = 0; off < b.length; off += 0xFFFF) {
      int n = Math.min(0xFFFF, b.length - off);
      out.writeShort(n);
      out.write(b, off, n);
    }
    out.writeShort(0);
  }

  static Object unpack(DataInputStream in) throws IOException {
    int m = in.readUnsignedByte();
    if (m < 0x80) {
      return (long) m;
    }
    if (m >= 0xF0) {
      return (long) (byte) m;
    }
    int high = m & 0xF0;
    int low = m & 0x0F;
    return switch (high) {
      case 0x80 -> string(in, low);
      case 0x90 -> list(in, low);
      case 0xA0 -> map(in, low);
      case 0xB0 -> struct(in, low);
      default ->
          switch (m) {
            case 0xC0 -> null;
            case 0xC1 -> in.readDouble();
            case 0xC2 -> false;
            case 0xC3 -> true;
            case 0xC8 -> (long) in.readByte();
            case 0xC9 -> (long) in.readShort();
            case 0xCA -> (long) in.readInt();
            case 0xCB -> in.readLong();
            case 0xCC -> in.readNBytes(in.readUnsignedByte());
            case 0xCD -> in.readNBytes(in.readUnsignedShort());
            case 0xCE -> in.readNBytes(in.readInt());
            case 0xD0 -> string(in, in.readUnsignedByte());
            case 0xD1 -> string(in, in.readUnsignedShort());
            case 0xD2 -> string(in, in.readInt());
            case 0xD4 -> list(in, in.readUnsignedByte());
            case 0xD5 -> list(in, in.readUnsignedShort());
            case 0xD6 -> list(in, in.readInt());
            case 0xD8 -> map(in, in.readUnsignedByte());
            case 0xD9 -> map(in, in.readUnsignedShort());
            case 0xDA -> map(in, in.readInt());
            default ->
                throw new IOException("unknown PackStream marker 0x" + Integer.toHexString(m));
          };
    };
  }

  private static String string(DataInputStream in, int size) throws IOException {
    return new String(in.readNBytes(size), StandardCharsets.UTF_8);
  }

  private static List<Object> list(DataInputStream in, int size) throws IOException {
    List<Object> l = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      l.add(unpack(in));
    }
    return l;
  }

  private static Map<String, Object> map(DataInputStream in, int size) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      m.put((String) unpack(in), unpack(in));
    }
    return m;
  }

  private static Struct struct(DataInputStream in, int size) throws IOException {
    int tag = in.readUnsignedByte();
    return new Struct(tag, list(in, size));
  }

  static void pack(DataOutputStream out, Object v) throws IOException {
    if (v == null) {
      out.writeByte(0xC0);
    } else if (v instanceof Boolean b) {
      out.writeByte(b ? 0xC3 : 0xC2);
    } else if (v instanceof Number n && !(v instanceof Double)) {
      long l = n.longValue();
      if (l >= -16 && l < 128) {
        out.writeByte((int) l);
      } else if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
        out.writeByte(0xCA);
        out.writeInt((int) l);
      } else {
        out.writeByte(0xCB);
        out.writeLong(l);
      }
    } else if (v instanceof Double d) {
      out.writeByte(0xC1);
      out.writeDouble(d);
    } else if (v instanceof String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      header(out, 0x80, 0xD0, b.length);
      out.write(b);
    } else if (v instanceof List<?> l) {
      header(out, 0x90, 0xD4, l.size());
      for (Object o : l) {
        pack(out, o);
      }
    } else if (v instanceof Map<?, ?> m) {
      header(out, 0xA0, 0xD8, m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        pack(out, e.getKey());
        pack(out, e.getValue());
      }
    } else if (v instanceof Struct s) {
      out.writeByte(0xB0 + s.fields().size());
      out.writeByte(s.tag());
      for (Object o : s.fields()) {
        pack(out, o);
      }
    } else {
      throw new IOException("cannot pack " + v.getClass());
    }
  }

  /** Tiny (size in the marker), 8-, 16- or 32-bit size. */
  private static void header(DataOutputStream out, int tiny, int sized, int size)
      throws IOException {
    if (size < 16) {
      out.writeByte(tiny + size);
    } else if (size < 0x100) {
      out.writeByte(sized);
      out.writeByte(size);
    } else if (size < 0x10000) {
      out.writeByte(sized + 1);
      out.writeShort(size);
    } else {
      out.writeByte(sized + 2);
      out.writeInt(size);
    }
  }
}
