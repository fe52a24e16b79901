use super::*;

fn typesetter() -> Typesetter {
    Typesetter::new()
}

#[test]
fn renders_a_template_with_its_data() {
    let pdf = typesetter()
        .render(
            r#"#let data = json("data.json")
#set page(paper: "a4")
#set text(font: "Libertinus Serif", lang: "fr")
= Bulletin de #data.name
#for p in data.pages [ Page #p #pagebreak(weak: true) ]"#,
            Files::new().with(
                "data.json",
                br#"{"name": "Awa Diop", "pages": [1, 2, 3]}"#.to_vec(),
            ),
        )
        .expect("renders");
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    assert_eq!(pdf.pages, 3);
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let t = typesetter();
    let render = || {
        t.render(
            "Bonjour #json(\"d.json\").x",
            Files::new().with("d.json", b"{\"x\": 1}".to_vec()),
        )
        .expect("renders")
        .bytes
    };
    assert_eq!(render(), render());
}

#[test]
fn an_error_says_where_it_is_in_the_template() {
    let err = typesetter()
        .render("Bonjour\n#let x = \n#unknown_function()", Files::new())
        .expect_err("invalid template");
    assert!(!err.errors.is_empty());
    assert!(err.errors.iter().any(|e| e.line.is_some()), "{err}");
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let err = typesetter()
        .render("#json(\"absent.json\")", Files::new())
        .expect_err("missing file");
    assert!(err.to_string().contains("absent.json"), "{err}");
}

#[test]
fn pages_of_earlier_pdfs_are_included_as_they_were() {
    let t = typesetter();
    let one = t.render("Premier", Files::new()).expect("renders").bytes;
    let two = t
        .render("Second #pagebreak() suite", Files::new())
        .expect("renders")
        .bytes;
    let merged = t
        .render(
            r#"#set page(margin: 0pt)
#for (name, n) in (("a.pdf", 1), ("b.pdf", 2)) {
  for p in range(1, n + 1) { page(image(name, page: p, width: 100%)) }
}"#,
            Files::new().with("a.pdf", one).with("b.pdf", two),
        )
        .expect("renders");
    assert_eq!(merged.pages, 3);
}

#[test]
fn bundled_fonts_are_available() {
    let families = typesetter().font_families();
    assert!(
        families.iter().any(|f| f == "Libertinus Serif"),
        "{families:?}"
    );
}
