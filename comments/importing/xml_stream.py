"""Streaming a large XML file safely: defusedxml's iterparse (no DTD, no entity, no external resource), each
element of interest handed over whole once read and then cleared, so memory stays flat however long the file."""

from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from .records import UnreadableFile


def local(tag):
    return tag.rsplit("}", 1)[-1]


def elements_at(path, depth):
    """Each element `depth` levels below the root (the root is depth 0), whole, once it has been read.

    Once handed over it is cleared and taken out of its parent, so neither it nor an empty husk of it stays.
    """
    open_elements = []
    try:
        for event, element in iterparse(path, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                open_elements.append(element)
                continue
            open_elements.pop()
            if len(open_elements) == depth:
                yield element
                element.clear()
                if open_elements:
                    open_elements[-1].remove(element)
    except DefusedXmlException as error:
        raise UnreadableFile(f"refused: the file declares a DTD, entities or external resources ({error})") from None
    except ParseError as error:
        raise UnreadableFile(f"not well-formed XML: {error}") from None


def text_of(element, name):
    """The text of the first child named `name` (any namespace), stripped; "" when there is none."""
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def child(element, name):
    return next((sub for sub in element if local(sub.tag) == name), None)


def attribute(element, name):
    """An attribute by its local name, whatever namespace the file gave it (Disqus's `dsq:id`)."""
    if element is None:
        return ""
    return next((value for key, value in element.attrib.items() if local(key) == name), "")
