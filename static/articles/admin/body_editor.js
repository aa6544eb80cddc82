// The story body's editor: django-prose-editor's ProseMirror/Tiptap build, with the newsroom's nodes (photo, gallery,
// video) and the TCVN3/VNI converter. articles/widgets.py configures it through data-body-editor; the server cleans
// whatever is posted (articles/sanitize.py), so this script only has to be convenient, not safe.
// Loaded as a module: it loads the package's editor.js itself, by a relative address (the admin's CSP allows no
// inline import map).

const textareas = [...document.querySelectorAll("textarea[data-body-editor]")].filter(
    (textarea) => !textarea.id.includes("__prefix__"),
);

if (textareas.length) {
    const strings = JSON.parse(textareas[0].dataset.bodyEditor).strings || {};
    // The package's dialogs translate through window.gettext, read once when its module loads: ours go first.
    const djangoGettext = window.gettext || ((text) => text);
    window.gettext = (text) => strings[text] || djangoGettext(text);
    const E = await import("../../django_prose_editor/editor.js");
    for (const textarea of textareas) {
        setUp(E, textarea, JSON.parse(textarea.dataset.bodyEditor));
    }
}

function csrfToken(textarea) {
    const input = textarea.form && textarea.form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
}

function element(tag, attributes = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (name === "text") node.textContent = value;
        else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
}

// A modal list of photos from the picker endpoint; resolves with the chosen photos (one, or several for a gallery).
function pickPhotos(editor, config, { multiple }) {
    const t = config.strings;
    return new Promise((resolve) => {
        const search = element("input", { type: "search", "aria-label": t.search, placeholder: t.search });
        const list = element("ul", { class: "body-photo-picker__list" });
        const status = element("p", { class: "body-photo-picker__status", role: "status" });
        const choose = element("button", { type: "button", class: "default", text: t.insertGallery });
        const close = element("button", { type: "button", text: t.close });
        const buttons = element("div", { class: "prose-editor-dialog-buttons" }, multiple ? [choose, close] : [close]);
        const title = element("h3", { class: "prose-editor-dialog-title", text: multiple ? t.insertGallery : t.insertPhoto });
        const dialog = element("dialog", { class: "prose-editor-dialog body-photo-picker" }, [title, search, status, list, buttons]);
        let found = [];
        let answered = false;
        const finish = (photos) => {
            if (answered) return;
            answered = true;
            dialog.close();
            dialog.remove();
            resolve(photos);
        };
        const load = async () => {
            const url = new URL(config.photoPickUrl, window.location.href);
            url.searchParams.set("q", search.value);
            if (config.article) url.searchParams.set("article", config.article);
            try {
                const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
                found = (await response.json()).results || [];
            } catch {
                status.textContent = t.error;
                return;
            }
            list.textContent = "";
            status.textContent = found.length ? "" : t.noPhotos;
            for (const photo of found) {
                const control = multiple
                    ? element("input", { type: "checkbox", value: String(photo.id) })
                    : element("button", { type: "button", class: "body-photo-picker__choose", text: t.choose });
                const label = element("label", {}, [
                    element("img", { src: photo.thumb, alt: photo.alt || "" }),
                    element("span", { text: photo.caption || photo.alt || `#${photo.id}` }),
                    photo.credit ? element("small", { text: photo.credit }) : "",
                ]);
                if (!multiple) control.addEventListener("click", () => finish([photo]));
                list.append(element("li", { "data-photo": String(photo.id) }, [control, label]));
            }
        };
        let timer = null;
        search.addEventListener("input", () => {
            clearTimeout(timer);
            timer = setTimeout(load, 250);
        });
        choose.addEventListener("click", () => {
            const ids = [...list.querySelectorAll("input:checked")].map((box) => box.value);
            finish(found.filter((photo) => ids.includes(String(photo.id))));
        });
        close.addEventListener("click", () => finish([]));
        dialog.addEventListener("close", () => finish([]));
        editor.view.dom.parentElement.append(dialog);
        dialog.showModal();
        load();
    });
}

// A block and an empty paragraph after it: typing goes on below, and the next insert does not replace the block.
function insertBlock(editor, type, attrs) {
    return editor.chain().focus().insertContent([{ type, attrs }, { type: "paragraph" }]).run();
}

function newsroomNodes(E, config) {
    const t = config.strings;

    // <figure class="body-image-N">: the page replaces it with photo N as it is now (renditions, caption, credit).
    const BodyImage = E.Node.create({
        name: "bodyImage",
        group: "block",
        atom: true,
        draggable: true,
        selectable: true,
        addAttributes() {
            return { id: { default: null }, src: { default: "" }, alt: { default: "" }, caption: { default: "" }, credit: { default: "" } };
        },
        parseHTML() {
            return [
                {
                    tag: "figure",
                    priority: 60,
                    getAttrs(dom) {
                        const match = /(?:^|\s)body-image-(\d+)(?:\s|$)/.exec(dom.getAttribute("class") || "");
                        if (!match) return false;
                        const img = dom.querySelector("img");
                        const caption = dom.querySelector("figcaption");
                        const credit = caption && caption.querySelector(".credit");
                        const captionText = caption ? [...caption.childNodes].filter((n) => n !== credit).map((n) => n.textContent).join("").trim() : "";
                        return {
                            id: match[1],
                            src: img ? img.getAttribute("src") || "" : "",
                            alt: img ? img.getAttribute("alt") || "" : "",
                            caption: captionText,
                            credit: credit ? credit.textContent : "",
                        };
                    },
                },
            ];
        },
        renderHTML({ node }) {
            const { id, src, alt, caption, credit } = node.attrs;
            const figcaption = ["figcaption", {}, caption || ""];
            if (credit) figcaption.push(" ", ["span", { class: "credit" }, credit]);
            return ["figure", { class: `body-image-${id}` }, ["img", { src, alt }], figcaption];
        },
        addMenuItems({ menu, buttons }) {
            menu.defineItem({
                name: "bodyImage",
                groups: "newsroom",
                command: (editor) => pickPhotos(editor, config, { multiple: false }).then((photos) => {
                    const photo = photos[0];
                    if (photo) {
                        insertBlock(editor, "bodyImage", {
                            id: String(photo.id),
                            src: photo.thumb,
                            alt: photo.alt || "",
                            caption: photo.caption || "",
                            credit: photo.credit || "",
                        });
                    }
                }),
                button: buttons.material("image", t.insertPhoto),
            });
        },
    });

    // <figure class="body-gallery" data-photos="1,2,3">: the page renders the photos in that order.
    const BodyGallery = E.Node.create({
        name: "bodyGallery",
        group: "block",
        atom: true,
        draggable: true,
        selectable: true,
        addAttributes() {
            return { photos: { default: "" } };
        },
        parseHTML() {
            return [{ tag: "figure.body-gallery", priority: 60, getAttrs: (dom) => ({ photos: dom.getAttribute("data-photos") || "" }) }];
        },
        renderHTML({ node }) {
            return ["figure", { class: "body-gallery", "data-photos": node.attrs.photos }];
        },
        addNodeView() {
            return ({ node }) => {
                const count = node.attrs.photos ? node.attrs.photos.split(",").length : 0;
                const dom = element("figure", { class: "body-gallery body-editor-block", "data-photos": node.attrs.photos }, [
                    element("span", { class: "material-icons", "aria-hidden": "true", text: "photo_library" }),
                    element("span", { text: `${t.galleryPhotos.replace("%(count)s", count)} (${node.attrs.photos})` }),
                ]);
                return { dom };
            };
        },
        addMenuItems({ menu, buttons }) {
            menu.defineItem({
                name: "bodyGallery",
                groups: "newsroom",
                command: (editor) => pickPhotos(editor, config, { multiple: true }).then((photos) => {
                    if (photos.length) insertBlock(editor, "bodyGallery", { photos: photos.map((photo) => photo.id).join(",") });
                }),
                button: buttons.material("photo_library", t.insertGallery),
            });
        },
    });

    // <figure class="embed" data-provider data-id>: the server parsed the address; the page shows the player.
    const VideoEmbed = E.Node.create({
        name: "videoEmbed",
        group: "block",
        atom: true,
        draggable: true,
        selectable: true,
        addAttributes() {
            return { provider: { default: "" }, id: { default: "" } };
        },
        parseHTML() {
            return [
                {
                    tag: "figure.embed",
                    priority: 60,
                    getAttrs: (dom) => ({ provider: dom.getAttribute("data-provider") || "", id: dom.getAttribute("data-id") || "" }),
                },
            ];
        },
        renderHTML({ node }) {
            return ["figure", { class: "embed", "data-provider": node.attrs.provider, "data-id": node.attrs.id }];
        },
        addNodeView() {
            return ({ node }) => ({
                dom: element("figure", { class: "embed body-editor-block", "data-provider": node.attrs.provider, "data-id": node.attrs.id }, [
                    element("span", { class: "material-icons", "aria-hidden": "true", text: "ondemand_video" }),
                    element("span", { text: `${t.video}: ${node.attrs.provider} ${node.attrs.id}` }),
                ]),
            });
        },
        addMenuItems({ menu, buttons }) {
            menu.defineItem({
                name: "videoEmbed",
                groups: "newsroom",
                command: async (editor) => {
                    const answer = await E.updateAttrsDialog(
                        { url: { type: "string", title: t.videoUrl, description: t.videoHelp, required: true } },
                        { title: t.insertVideo, submitText: t.insertVideo },
                    )(editor, {});
                    if (!answer || !answer.url) return;
                    const url = new URL(config.embedUrl, window.location.href);
                    url.searchParams.set("url", answer.url);
                    let data;
                    try {
                        data = await (await fetch(url, { credentials: "same-origin" })).json();
                    } catch {
                        data = { error: t.error };
                    }
                    if (data.error) {
                        showStatus(editor, data.error, true);
                        return;
                    }
                    insertBlock(editor, "videoEmbed", { provider: data.provider, id: data.id });
                },
                button: buttons.material("ondemand_video", t.insertVideo),
            });
        },
    });

    // The converter: each paragraph's text pieces go to the server, which converts those typed in TCVN3/VNI.
    const LegacyConvert = E.Extension.create({
        name: "legacyConvert",
        addMenuItems({ menu, buttons }) {
            menu.defineItem({
                name: "legacyConvert",
                groups: "newsroom",
                command: (editor) => convertLegacy(editor, config),
                button: buttons.text("TCVN3/VNI", t.convertLegacy),
            });
        },
    });

    return [BodyImage, BodyGallery, VideoEmbed, LegacyConvert];
}

function showStatus(editor, message, isError = false) {
    const box = editor.view.dom.closest(".prose-editor").parentElement.querySelector(".body-editor-status");
    if (!box) return;
    box.textContent = message;
    box.classList.toggle("errornote", isError);
}

async function convertLegacy(editor, config) {
    const t = config.strings;
    const blocks = [];
    editor.state.doc.descendants((node, pos) => {
        if (!node.isTextblock) return true;
        const pieces = [];
        node.forEach((child, offset) => {
            if (child.isText) pieces.push({ from: pos + 1 + offset, node: child });
        });
        if (pieces.length) blocks.push(pieces);
        return false;
    });
    let data;
    try {
        const response = await fetch(config.convertUrl, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(editor.options.element.querySelector("textarea")) },
            body: JSON.stringify({ blocks: blocks.map((pieces) => pieces.map((piece) => piece.node.text)) }),
        });
        data = await response.json();
    } catch {
        data = { error: t.error };
    }
    if (data.error) {
        showStatus(editor, data.error, true);
        return;
    }
    const tr = editor.state.tr;
    // From the end, so earlier positions stay valid while text lengths change.
    for (let b = blocks.length - 1; b >= 0; b--) {
        for (let p = blocks[b].length - 1; p >= 0; p--) {
            const { from, node } = blocks[b][p];
            const text = data.blocks[b][p];
            if (text && text !== node.text) {
                tr.replaceWith(from, from + node.nodeSize, editor.schema.text(text, node.marks));
            }
        }
    }
    if (tr.docChanged) editor.view.dispatch(tr);
    showStatus(editor, data.converted ? t.converted.replace("%(count)s", data.converted) : t.nothingToConvert);
}

// The package's button titles, heading names and a few dialog choices are plain English: ours replace them, in the
// menu and in each dialog as it opens. An <option> keeps its English value, which is what the package reads.
function translate(root, strings) {
    for (const node of root.querySelectorAll("[title], [aria-label]")) {
        for (const attribute of ["title", "aria-label"]) {
            const value = node.getAttribute(attribute);
            if (value && strings[value]) node.setAttribute(attribute, strings[value]);
        }
    }
    for (const node of root.querySelectorAll(".prose-menubar__option > *, dialog option")) {
        const text = node.textContent;
        if (node.children.length || !strings[text]) continue;
        if (node.tagName === "OPTION" && !node.hasAttribute("value")) node.setAttribute("value", text);
        node.textContent = strings[text];
    }
}

function setUp(E, textarea, config) {
    const configured = {
        Heading: { levels: config.headingLevels },
        Link: { enableTarget: false, protocols: config.linkProtocols },
        Menu: {
            groups: [
                { group: "blockType -lists", type: "dropdown", minItems: 2 },
                { group: "lists" },
                { group: "nodes -blockType -lists" },
                { group: "marks" },
                { group: "link" },
                { group: "table" },
                { group: "newsroom" },
                { group: "history" },
                { group: "utility" },
            ],
        },
    };
    const extensions = config.extensions
        .map((name) => (configured[name] ? E[name].configure(configured[name]) : E[name]))
        .concat(newsroomNodes(E, config));
    const editor = E.createTextareaEditor(textarea, extensions);
    const wrapper = textarea.closest(".prose-editor");
    wrapper.after(element("p", { class: "body-editor-status", role: "status", "aria-live": "polite" }));
    translate(wrapper, config.strings);
    new MutationObserver(() => translate(wrapper, config.strings)).observe(wrapper, { childList: true, subtree: true });
    textarea.dispatchEvent(new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }));
}
