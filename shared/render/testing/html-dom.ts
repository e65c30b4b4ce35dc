import { parse } from 'parse5';

/** A small view of a parse5 tree for tests: elements, attributes, text content. */
export interface El {
  tag: string;
  attrs: Record<string, string>;
  children: El[];
  /** Text content, with <br> read as a line break. */
  text: string;
}

interface P5Node {
  nodeName: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: P5Node[];
  content?: P5Node;
}

function convert(node: P5Node): El {
  const children = (node.childNodes ?? []).filter((c) => c.nodeName !== '#text' && c.nodeName !== '#comment');
  return {
    tag: node.nodeName,
    attrs: Object.fromEntries((node.attrs ?? []).map((a) => [a.name, a.value])),
    children: children.map(convert),
    text: textOf(node),
  };
}

function textOf(node: P5Node): string {
  if (node.nodeName === '#text') return node.value ?? '';
  if (node.nodeName === 'br') return '\n';
  return (node.childNodes ?? []).map(textOf).join('');
}

export function parseHtml(html: string): El {
  return convert(parse(html) as unknown as P5Node);
}

export function findAll(root: El, tag: string): El[] {
  const out: El[] = [];
  const walk = (el: El) => {
    if (el.tag === tag) out.push(el);
    el.children.forEach(walk);
  };
  walk(root);
  return out;
}

export function findFirst(root: El, tag: string): El | undefined {
  return findAll(root, tag)[0];
}
