//! A hand-written service through the derives alone, as generated services are written:
//! the client method from `#[request(method = …)]`, paging from `#[request(pages)]` and
//! `#[wire(items = …, total = …)]`, and the action and answer read from the struct's
//! name. Sent against a scripted server on 127.0.0.1.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use futures_util::TryStreamExt as _;
use sigcal_client::{ListResponse, Paginated, Params, Request};
use sigcal_tests::{Reply, Seen, TestServer, client_for};

sigcal_client::__call_type!();

/// A service of two actions, written by hand.
#[derive(Debug, Clone)]
pub struct ShelfClient {
    client: sigcal_client::Client,
}

/// Lists the books on a shelf.
///
/// Second paragraph of the docs.
#[derive(Debug, Clone, Default, PartialEq, sigcal_client::Request)]
#[request(builder = Call, method = ShelfClient::list_books, pages)]
pub struct ListBooksRequest {
    /// Which shelf.
    #[wire(rename = "ShelfId")]
    pub shelf_id: String,
    /// A colour to filter by.
    pub colour: Option<String>,
    /// Where the page starts.
    pub offset: Option<i64>,
    /// How long a page is.
    pub limit: Option<i64>,
}

/// The answer to [`ListBooksRequest`].
#[derive(Debug, Clone, Default, PartialEq, sigcal_client::Decode)]
#[wire(items = books, total = total_count)]
pub struct ListBooksResponse {
    /// How many books match.
    pub total_count: Option<i64>,
    /// This page of them.
    #[wire(rename = "BookSet")]
    pub books: Vec<Book>,
}

/// One book.
#[derive(Debug, Clone, Default, PartialEq, sigcal_client::Decode)]
pub struct Book {
    /// Its title.
    pub title: Option<String>,
}

/// Moves a book; the page fields are plain, and named otherwise.
#[derive(Debug, Clone, PartialEq, sigcal_client::Request)]
#[request(action = "ShiftBook", builder = Call, method = ShelfClient::move_book, pages(offset = start, limit = count))]
pub struct MoveBookRequest {
    /// Which book.
    pub book: i64,
    /// Where to.
    pub to: String,
    /// First position.
    pub start: i64,
    /// Positions at once.
    pub count: i64,
}

/// The answer to [`MoveBookRequest`]: a plain total.
#[derive(Debug, Clone, Default, PartialEq, sigcal_client::Decode)]
#[wire(items = moved, total = total)]
pub struct MoveBookResponse {
    /// Everything moved.
    pub total: i64,
    /// Titles moved in this page.
    pub moved: Vec<String>,
}

#[test]
fn the_action_and_the_answer_come_from_the_struct_name_unless_named() {
    assert_eq!(ListBooksRequest::ACTION, "ListBooks");
    assert_eq!(MoveBookRequest::ACTION, "ShiftBook");
    // Whether `Response` names the right type is checked by the compiler: this only
    // compiles when it is `ListBooksResponse`.
    let _: fn(ListBooksResponse) -> <ListBooksRequest as Request>::Response = |r| r;
    assert_eq!(
        (ListBooksRequest::RETRY_SAFE, MoveBookRequest::RETRY_SAFE),
        (true, false),
        "`List` is a safe verb, `Shift` is not"
    );
}

#[test]
fn the_client_method_takes_each_plain_field_and_leaves_the_rest_empty() {
    let client = ShelfClient {
        client: client_for("http://127.0.0.1:9/", 1),
    };
    let request = client.list_books("shelf-1").colour("red").into_request();
    assert_eq!(
        request,
        ListBooksRequest {
            shelf_id: "shelf-1".into(),
            colour: Some("red".into()),
            offset: None,
            limit: None,
        }
    );
    let request = client.move_book(7, "shelf-2", 0, 5).into_request();
    assert_eq!(
        request,
        MoveBookRequest {
            book: 7,
            to: "shelf-2".into(),
            start: 0,
            count: 5,
        }
    );
}

#[test]
fn pages_move_through_option_and_plain_fields() {
    let mut request = ListBooksRequest::default();
    assert_eq!((request.offset(), request.limit()), (0, None));
    request.set_page(40, 20);
    assert_eq!((request.offset, request.limit), (Some(40), Some(20)));

    let mut request = MoveBookRequest {
        book: 1,
        to: String::new(),
        start: 3,
        count: 4,
    };
    assert_eq!((request.offset(), request.limit()), (3, Some(4)));
    request.set_page(10, 5);
    assert_eq!((request.start, request.count), (10, 5));
}

#[test]
fn an_answer_names_its_page_and_total_by_wire_name() {
    assert_eq!(ListBooksResponse::ITEMS, "BookSet");
    assert_eq!(ListBooksResponse::TOTAL, "TotalCount");
    let answer = ListBooksResponse {
        total_count: Some(3),
        books: vec![Book::default()],
    };
    assert_eq!(answer.into_page(), (Some(3), vec![Book::default()]));
    let answer = MoveBookResponse {
        total: 2,
        moved: vec!["a".into()],
    };
    assert_eq!(answer.into_page(), (Some(2), vec!["a".to_owned()]));
}

#[test]
fn the_plain_field_is_sent_under_its_wire_name() {
    let mut params = Params::new();
    ListBooksRequest {
        shelf_id: "s".into(),
        ..Default::default()
    }
    .write_params(&mut params);
    let pairs: Vec<(String, String)> = params.into_iter().collect();
    assert_eq!(pairs, [("ShelfId".to_owned(), "s".to_owned())]);
}

fn number(seen: &Seen, key: &str) -> usize {
    seen.params
        .get(key)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_hand_written_service_pages_through_every_item() {
    let server = TestServer::start(|seen| {
        let offset = number(seen, "Offset");
        let limit = number(seen, "Limit");
        let books: Vec<String> = (offset..7.min(offset + limit))
            .map(|i| format!(r#"{{"Title":"book-{i}"}}"#))
            .collect();
        Reply::json(format!(
            r#"{{"RetCode":0,"TotalCount":7,"BookSet":[{}]}}"#,
            books.join(",")
        ))
    })
    .await;
    let client = ShelfClient {
        client: client_for(&server.url, 1),
    };
    let titles: Vec<String> = client
        .list_books("shelf-1")
        .limit(3)
        .items()
        .map_ok(|book| book.title.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        titles,
        (0..7).map(|i| format!("book-{i}")).collect::<Vec<_>>()
    );
    let seen = server.seen();
    let offsets: Vec<usize> = seen.iter().map(|s| number(s, "Offset")).collect();
    assert_eq!(offsets, [0, 3, 6]);
    assert!(
        seen.iter()
            .all(|s| s.params.get("Action").map(String::as_str) == Some("ListBooks"))
    );
    assert!(
        seen.iter()
            .all(|s| s.params.get("ShelfId").map(String::as_str) == Some("shelf-1"))
    );
}
