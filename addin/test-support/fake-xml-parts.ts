import type { FakeContext } from './fake-excel.ts';
import { FakeExcelError, type FakeXmlPart, notLoaded, xmlNamespace } from './fake-workbook.ts';

/**
 * `workbook.customXmlParts` of the fake Excel (ExcelApi 1.5): add, getItem(OrNullObject),
 * getByNamespace → scoped collection (items, getCount, getOnlyItem(OrNullObject)), and on a part
 * load('id,namespaceUri'), getXml, setXml, delete. Like every fake call they are queued and run
 * at `context.sync()`; a missing part fails there with ItemNotFound and an `errorLocation`.
 */
type Find = () => FakeXmlPart | null;

export class FakeCustomXmlPart {
  readonly #ctx: FakeContext;
  readonly #find: Find;
  readonly #orNull: boolean;
  readonly #location: string;
  #resolved: FakeXmlPart | null | undefined;
  #loaded: { id?: string; namespaceUri?: string; isNullObject?: boolean } = {};
  constructor(ctx: FakeContext, find: Find, orNull: boolean, location: string) {
    this.#ctx = ctx;
    this.#find = find;
    this.#orNull = orNull;
    this.#location = location;
  }
  /** Resolved once, when the first command that needs it runs. */
  #part(): FakeXmlPart | null {
    if (this.#resolved === undefined) this.#resolved = this.#find();
    return this.#resolved;
  }
  #must(what: string): FakeXmlPart {
    const p = this.#part();
    if (!p || !this.#ctx.book.customXmlParts.includes(p))
      throw new FakeExcelError('ItemNotFound', 'The custom XML part does not exist.', what);
    return p;
  }
  get id(): string {
    return this.#loaded.id ?? notLoaded('CustomXmlPart.id');
  }
  get namespaceUri(): string {
    return this.#loaded.namespaceUri ?? notLoaded('CustomXmlPart.namespaceUri');
  }
  get isNullObject(): boolean {
    return this.#loaded.isNullObject ?? notLoaded('CustomXmlPart.isNullObject');
  }
  load(_props?: string | string[]): this {
    this.#ctx.queue({ op: 'xmlPart.load' }, () => this.loadNow());
    return this;
  }
  /** Fills the loaded properties at once (inside a running sync, e.g. a collection's items). */
  loadNow(): void {
    const p = this.#part();
    if (!p && !this.#orNull) this.#must(this.#location);
    this.#loaded = p
      ? { id: p.id, namespaceUri: p.namespaceUri, isNullObject: false }
      : { isNullObject: true };
  }
  getXml(): { value: string } {
    let value: string | undefined;
    this.#ctx.queue({ op: 'xmlPart.getXml' }, () => {
      value = this.#must('CustomXmlPart.getXml').xml;
    });
    return {
      get value(): string {
        return value ?? notLoaded('ClientResult.value');
      },
    };
  }
  setXml(xml: string): void {
    this.#ctx.queue({ op: 'xmlPart.setXml', xml }, () => {
      const p = this.#must('CustomXmlPart.setXml');
      p.namespaceUri = xmlNamespace(xml, 'CustomXmlPart.setXml');
      p.xml = xml;
    });
  }
  delete(): void {
    this.#ctx.queue({ op: 'xmlPart.delete' }, () => {
      const p = this.#must('CustomXmlPart.delete');
      const parts = this.#ctx.book.customXmlParts;
      parts.splice(parts.indexOf(p), 1);
    });
  }
}

class ScopedCollection {
  readonly #ctx: FakeContext;
  readonly #namespace: string;
  #items: FakeCustomXmlPart[] | undefined;
  constructor(ctx: FakeContext, namespace: string) {
    this.#ctx = ctx;
    this.#namespace = namespace;
  }
  #matching(): FakeXmlPart[] {
    return this.#ctx.book.customXmlParts.filter((p) => p.namespaceUri === this.#namespace);
  }
  get items(): FakeCustomXmlPart[] {
    return this.#items ?? notLoaded('CustomXmlPartScopedCollection.items');
  }
  /** `load('items')`, `load('items/id')`…: the items with their id and namespace loaded. */
  load(_props?: string | string[]): this {
    this.#ctx.queue({ op: 'xmlParts.load', namespace: this.#namespace }, () => {
      this.#items = this.#matching().map((p) => {
        const item = new FakeCustomXmlPart(
          this.#ctx,
          () => p,
          false,
          'CustomXmlPartScopedCollection.getItem',
        );
        item.loadNow();
        return item;
      });
    });
    return this;
  }
  getCount(): { value: number } {
    let value: number | undefined;
    this.#ctx.queue({ op: 'xmlParts.getCount' }, () => {
      value = this.#matching().length;
    });
    return {
      get value(): number {
        return value ?? notLoaded('ClientResult.value');
      },
    };
  }
  getItem(id: string): FakeCustomXmlPart {
    return new FakeCustomXmlPart(
      this.#ctx,
      () => this.#matching().find((p) => p.id === id) ?? null,
      false,
      'CustomXmlPartScopedCollection.getItem',
    );
  }
  getItemOrNullObject(id: string): FakeCustomXmlPart {
    return new FakeCustomXmlPart(
      this.#ctx,
      () => this.#matching().find((p) => p.id === id) ?? null,
      true,
      'CustomXmlPartScopedCollection.getItemOrNullObject',
    );
  }
  getOnlyItem(): FakeCustomXmlPart {
    return new FakeCustomXmlPart(
      this.#ctx,
      () => {
        const m = this.#matching();
        if (m.length !== 1)
          throw new FakeExcelError(
            'InvalidOperation',
            `${m.length} parts have this namespace.`,
            'CustomXmlPartScopedCollection.getOnlyItem',
          );
        return m[0]!;
      },
      false,
      'CustomXmlPartScopedCollection.getOnlyItem',
    );
  }
  getOnlyItemOrNullObject(): FakeCustomXmlPart {
    return new FakeCustomXmlPart(
      this.#ctx,
      () => {
        const m = this.#matching();
        return m.length === 1 ? m[0]! : null;
      },
      true,
      'CustomXmlPartScopedCollection.getOnlyItemOrNullObject',
    );
  }
}

export class FakeCustomXmlParts {
  readonly #ctx: FakeContext;
  constructor(ctx: FakeContext) {
    this.#ctx = ctx;
  }
  add(xml: string): FakeCustomXmlPart {
    let created: FakeXmlPart | null = null;
    const part = new FakeCustomXmlPart(this.#ctx, () => created, false, 'CustomXmlPartCollection.add');
    this.#ctx.queue({ op: 'xmlParts.add', xml }, () => {
      created = this.#ctx.book.addXmlPart(xml);
    });
    return part;
  }
  getByNamespace(namespaceUri: string): ScopedCollection {
    return new ScopedCollection(this.#ctx, namespaceUri);
  }
  getItem(id: string): FakeCustomXmlPart {
    return new FakeCustomXmlPart(
      this.#ctx,
      () => this.#ctx.book.xmlPart(id) ?? null,
      false,
      'CustomXmlPartCollection.getItem',
    );
  }
  getItemOrNullObject(id: string): FakeCustomXmlPart {
    return new FakeCustomXmlPart(
      this.#ctx,
      () => this.#ctx.book.xmlPart(id) ?? null,
      true,
      'CustomXmlPartCollection.getItemOrNullObject',
    );
  }
  getCount(): { value: number } {
    let value: number | undefined;
    this.#ctx.queue({ op: 'xmlParts.getCount' }, () => {
      value = this.#ctx.book.customXmlParts.length;
    });
    return {
      get value(): number {
        return value ?? notLoaded('ClientResult.value');
      },
    };
  }
}
