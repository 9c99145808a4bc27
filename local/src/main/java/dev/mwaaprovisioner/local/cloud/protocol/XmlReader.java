package dev.mwaaprovisioner.local.cloud.protocol;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Parses XML request bodies (S3 configurations) with external entities and DTDs disabled, and
 * reads elements by local name, whatever namespace the client declared.
 */
public final class XmlReader {

    private XmlReader() {}

    /**
     * The document element of an XML body.
     *
     * @throws IllegalArgumentException when the body is empty or not well-formed XML
     */
    public static Element parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("The request body is empty; an XML document is required.");
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e; // reported to the caller, not printed on stderr
                }
            });
            return builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalArgumentException("The XML you provided was not well-formed: " + e.getMessage());
        }
    }

    /** The element's local name (without namespace prefix). */
    public static String name(Element element) {
        return element.getLocalName() == null ? element.getTagName() : element.getLocalName();
    }

    /** Direct child elements, optionally only those of a local name. */
    public static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || name.equals(name(e)))) {
                result.add(e);
            }
        }
        return result;
    }

    /** The trimmed text of the first child of that name, or null when there is none. */
    public static String childText(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }
}
