/** Parses HTML as a browser's tokenizer would (Bun's HTMLRewriter, lol-html) to inspect elements and text. */

/** Elements matching `selector`: how many, and the decoded text inside them. */
export async function select(page: string, selector: string): Promise<{ count: number; text: string }> {
  let count = 0;
  let text = "";
  let depth = 0;
  const rewriter = new HTMLRewriter()
    .on(selector, {
      element(el) {
        count++;
        depth++;
        el.onEndTag(() => {
          depth--;
        });
      },
    })
    .on("*", {
      text(chunk) {
        if (depth > 0) text += chunk.text;
      },
    });
  await rewriter.transform(new Response(page)).text();
  return { count, text: decodeEntities(text) };
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, "`")
    .replace(/&amp;/g, "&");
}

/** Every attribute name of every element in the page. */
export async function attributeNames(page: string): Promise<Set<string>> {
  const names = new Set<string>();
  await new HTMLRewriter()
    .on("*", {
      element(el) {
        for (const [name] of el.attributes) names.add(name);
      },
    })
    .transform(new Response(page))
    .text();
  return names;
}
