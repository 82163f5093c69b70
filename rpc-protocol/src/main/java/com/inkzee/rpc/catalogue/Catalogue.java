package com.inkzee.rpc.catalogue;

import com.esotericsoftware.kryo.Kryo;
import com.inkzee.rpc.serial.MessageSerializer;
import com.inkzee.rpc.serial.WireLimits;
import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.service.ServiceDescriptor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The versioned list of every message type with its fixed Kryo registration id, and of every
 * service. Both peers of a connection build their Kryo instances from it, so an id names the same
 * type on both sides; ids are never reused (a removed type's id is {@link Builder#retired}).
 *
 * <p>Its {@link #schema() schema} is the text checked in as a golden file, and its fingerprint (the
 * first 8 bytes of the schema's SHA-256) travels in the handshake.
 */
public final class Catalogue {
  /** Kryo registers its primitive types at ids 0..9; messages start well above them. */
  public static final int FIRST_MESSAGE_ID = 100;

  private final int major;
  private final int minor;
  private final WireLimits limits;
  private final Map<Integer, Class<?>> messagesById;
  private final Map<Class<?>, Integer> idsByMessage;
  private final Map<Integer, String> retired;
  private final Map<String, ServiceDescriptor<?>> services;
  private final String schema;
  private final long fingerprint;

  private Catalogue(Builder b) {
    this.major = b.major;
    this.minor = b.minor;
    this.limits = b.limits;
    this.messagesById = Collections.unmodifiableMap(new TreeMap<>(b.messages));
    Map<Class<?>, Integer> ids = new LinkedHashMap<>();
    messagesById.forEach((id, type) -> ids.put(type, id));
    this.idsByMessage = Collections.unmodifiableMap(ids);
    this.retired = Collections.unmodifiableMap(new TreeMap<>(b.retired));
    Map<String, ServiceDescriptor<?>> svc = new TreeMap<>();
    for (ServiceDescriptor<?> d : b.services) {
      for (MethodDescriptor<?, ?> m : d.methods()) {
        requireRegistered(m.requestType(), m);
        requireRegistered(m.responseType(), m);
      }
      if (svc.put(d.name(), d) != null) {
        throw new IllegalArgumentException("service " + d.name() + " registered twice");
      }
    }
    this.services = Collections.unmodifiableMap(svc);
    // Building one Kryo validates every message and resolves field types now, not on first use.
    Map<Class<?>, MessageSerializer<?>> serializers = serializers();
    this.schema = CatalogueSchema.render(this, serializers);
    this.fingerprint = fingerprintOf(schema);
  }

  private void requireRegistered(Class<?> type, MethodDescriptor<?, ?> m) {
    if (!idsByMessage.containsKey(type)) {
      throw new IllegalArgumentException(
          m.qualifiedName() + " uses " + type.getName() + ", which is not in the catalogue");
    }
  }

  public static Builder builder(int major, int minor) {
    return new Builder(major, minor);
  }

  public int major() {
    return major;
  }

  public int minor() {
    return minor;
  }

  public String version() {
    return major + "." + minor;
  }

  public WireLimits limits() {
    return limits;
  }

  public Map<Integer, Class<?>> messages() {
    return messagesById;
  }

  public Map<Integer, String> retiredIds() {
    return retired;
  }

  public Integer idOf(Class<?> type) {
    return idsByMessage.get(type);
  }

  public Map<String, ServiceDescriptor<?>> services() {
    return services;
  }

  /** The descriptor of a registered service interface. */
  @SuppressWarnings("unchecked")
  public <S> ServiceDescriptor<S> service(Class<S> type) {
    for (ServiceDescriptor<?> d : services.values()) {
      if (d.type() == type) {
        return (ServiceDescriptor<S>) d;
      }
    }
    throw new IllegalArgumentException(type.getName() + " is not in catalogue " + version());
  }

  public String schema() {
    return schema;
  }

  public long fingerprint() {
    return fingerprint;
  }

  /**
   * A new Kryo with every message registered at its id and {@code registrationRequired} on. Kryo
   * instances are not thread-safe: {@link MessageCodec} keeps one per thread.
   */
  public Kryo newKryo() {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    serializers()
        .forEach((type, serializer) -> kryo.register(type, serializer, idsByMessage.get(type)));
    return kryo;
  }

  private Map<Class<?>, MessageSerializer<?>> serializers() {
    Map<Class<?>, MessageSerializer<?>> serializers = new LinkedHashMap<>();
    for (Class<?> type : messagesById.values()) {
      serializers.put(type, new MessageSerializer<>(type, limits));
    }
    serializers.values().forEach(s -> s.resolve(serializers::get));
    return serializers;
  }

  static long fingerprintOf(String schema) {
    try {
      byte[] sha =
          MessageDigest.getInstance("SHA-256").digest(schema.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(sha).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** Collects registrations; {@link #build()} validates them all. */
  public static final class Builder {
    private final int major;
    private final int minor;
    private WireLimits limits = WireLimits.DEFAULT;
    private final Map<Integer, Class<?>> messages = new LinkedHashMap<>();
    private final Map<Integer, String> retired = new LinkedHashMap<>();
    private final List<ServiceDescriptor<?>> services = new ArrayList<>();
    private final TreeSet<String> names = new TreeSet<>();

    private Builder(int major, int minor) {
      if (major < 1 || minor < 0) {
        throw new IllegalArgumentException("bad catalogue version " + major + "." + minor);
      }
      this.major = major;
      this.minor = minor;
    }

    public Builder limits(WireLimits limits) {
      this.limits = limits;
      return this;
    }

    /** Registers a message record at a fixed id. */
    public Builder message(int id, Class<? extends Record> type) {
      if (id < FIRST_MESSAGE_ID) {
        throw new IllegalArgumentException(
            "message ids start at " + FIRST_MESSAGE_ID + ": " + type.getName() + " has " + id);
      }
      if (retired.containsKey(id)) {
        throw new IllegalArgumentException("id " + id + " is retired: " + retired.get(id));
      }
      Class<?> previous = messages.putIfAbsent(id, type);
      if (previous != null) {
        throw new IllegalArgumentException(
            "id "
                + id
                + " is taken by "
                + previous.getName()
                + ", cannot give it to "
                + type.getName());
      }
      if (messages.values().stream().filter(type::equals).count() > 1) {
        throw new IllegalArgumentException(type.getName() + " registered twice");
      }
      if (!names.add(type.getSimpleName())) {
        throw new IllegalArgumentException(
            "two messages named " + type.getSimpleName() + ": simple names must be unique");
      }
      return this;
    }

    /** Marks an id as used once and never to be used again. */
    public Builder retired(int id, String note) {
      if (messages.containsKey(id)) {
        throw new IllegalArgumentException("id " + id + " cannot be both live and retired");
      }
      retired.put(id, note);
      return this;
    }

    public Builder service(Class<?> serviceInterface) {
      services.add(ServiceDescriptor.of(serviceInterface));
      return this;
    }

    public Catalogue build() {
      return new Catalogue(this);
    }
  }
}
