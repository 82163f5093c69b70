package com.inkzee.cli.opml;

import java.io.StringWriter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a few feed outlines as a small OPML 2.0 document for one {@code importOpml} call, each
 * inside its folder outlines so the fetcher files it where the original file did. Escaping is the
 * XML writer's, so titles and URLs travel as they were.
 */
public final class OpmlBatchWriter {
  private OpmlBatchWriter() {}

  public static String write(List<OpmlFeed> feeds) {
    StringWriter text = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(text);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeStartElement("opml");
      xml.writeAttribute("version", "2.0");
      xml.writeStartElement("head");
      xml.writeStartElement("title");
      xml.writeCharacters("inkzee import-opml batch");
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeStartElement("body");
      for (OpmlFeed f : feeds) {
        for (String folder : f.folders()) {
          xml.writeStartElement("outline");
          xml.writeAttribute("text", folder);
          xml.writeAttribute("title", folder);
        }
        xml.writeEmptyElement("outline");
        xml.writeAttribute("type", "rss");
        if (f.title() != null) {
          xml.writeAttribute("text", f.title());
          xml.writeAttribute("title", f.title());
        }
        xml.writeAttribute("xmlUrl", f.xmlUrl());
        if (f.htmlUrl() != null) {
          xml.writeAttribute("htmlUrl", f.htmlUrl());
        }
        for (int i = 0; i < f.folders().size(); i++) {
          xml.writeEndElement();
        }
      }
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write an OPML batch: " + e.getMessage(), e);
    }
    return text.toString();
  }
}
