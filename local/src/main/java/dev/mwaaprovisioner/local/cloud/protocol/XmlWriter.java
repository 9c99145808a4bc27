package dev.mwaaprovisioner.local.cloud.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A small fluent wrapper around {@link XMLStreamWriter}: every response document of the XML
 * protocols is written through it, so escaping and well-formedness come from the JDK's writer.
 */
public final class XmlWriter {

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private final XMLStreamWriter xml;
    private boolean finished;

    private XmlWriter() {
        try {
            xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Cannot create an XML writer", e);
        }
    }

    /** A writer positioned at the start of a new document. */
    public static XmlWriter document() {
        return new XmlWriter();
    }

    /** Opens an element in the given default namespace (declared on it). */
    public XmlWriter start(String name, String namespace) {
        try {
            xml.writeStartElement(name);
            if (namespace != null) {
                xml.writeDefaultNamespace(namespace);
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public XmlWriter start(String name) {
        return start(name, null);
    }

    public XmlWriter end() {
        try {
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Writes {@code <name>value</name>}; a null value writes nothing (AWS omits absent members). */
    public XmlWriter element(String name, Object value) {
        if (value == null) {
            return this;
        }
        start(name);
        text(value instanceof Instant instant ? Timestamps.iso(instant) : String.valueOf(value));
        return end();
    }

    /** Writes {@code <name>...</name>} with the content the body writes. */
    public XmlWriter element(String name, Consumer<XmlWriter> body) {
        start(name);
        body.accept(this);
        return end();
    }

    public XmlWriter text(String text) {
        try {
            xml.writeCharacters(text);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public XmlWriter attribute(String name, String value) {
        try {
            xml.writeAttribute(name, value);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Closes every open element and returns the document's UTF-8 bytes. */
    public byte[] toBytes() {
        if (!finished) {
            try {
                xml.writeEndDocument();
                xml.flush();
                xml.close();
            } catch (XMLStreamException e) {
                throw new IllegalStateException(e);
            }
            finished = true;
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }
}
