//! The answers the shared extractors give before a handler runs, added to every operation's
//! documented responses: a handler's `#[utoipa::path]` lists what the handler decides, and
//! these come from [`crate::error::extractor_configs`] and [`crate::idempotency`] whatever the
//! handler is. An operation that documents the status itself keeps its own description.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

use crate::idempotency;

const JSON_BODY: &[(&str, &str)] = &[
    ("400", "`malformed_json`: the body is not JSON"),
    ("413", "`payload_too_large`"),
    (
        "415",
        "`unsupported_media_type`: the body is not sent as application/json",
    ),
    ("422", "`invalid_body`: JSON of the wrong shape"),
];
const FORM_BODY: (&str, &str) = (
    "400",
    "`invalid_form`: not a form body, or one of the wrong shape",
);
const QUERY: (&str, &str) = ("400", "`invalid_query`");
// The gateway refuses a path with dot segments or encoded separators before any service sees
// it, so even a segment every string fits can be answered 400 through it.
const PATH: (&str, &str) = (
    "400",
    "`invalid_path_parameter`, or `invalid_path` from the gateway: dot segments or encoded separators",
);
const IDEMPOTENCY_KEY: (&str, &str) = ("400", "`invalid_idempotency_key`");

/// Documents, on each operation, the extractors' problem answers it can get.
pub(super) fn document_extractor_answers(api: &mut OpenApi) {
    for item in api.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            document(op);
        }
    }
}

fn document(op: &mut Operation) {
    let mut answers = Vec::new();
    if let Some(RefOr::T(body)) = &op.request_body {
        if body.content.contains_key("application/json") {
            answers.extend_from_slice(JSON_BODY);
        }
        if body
            .content
            .contains_key("application/x-www-form-urlencoded")
        {
            answers.push(FORM_BODY);
        }
    }
    for param in op.parameters.iter().flatten() {
        let RefOr::T(param) = param else { continue };
        match param.parameter_in {
            ParameterIn::Query => answers.push(QUERY),
            ParameterIn::Path => answers.push(PATH),
            ParameterIn::Header if param.name.eq_ignore_ascii_case(idempotency::HEADER) => {
                answers.push(IDEMPOTENCY_KEY)
            }
            _ => {}
        }
    }
    for (status, description) in answers {
        op.responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| problem(description));
    }
}

fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                crate::error::PROBLEM_JSON,
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ProblemBody")))
                    .build(),
            )
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::openapi::content::Content;
    use utoipa::openapi::path::{OperationBuilder, ParameterBuilder};
    use utoipa::openapi::request_body::RequestBodyBuilder;
    use utoipa::openapi::schema::{ObjectBuilder, Type};

    fn statuses(op: &Operation) -> Vec<&str> {
        op.responses.responses.keys().map(String::as_str).collect()
    }

    #[test]
    fn a_json_body_documents_the_body_extractors_answers_and_keeps_the_handlers_own() {
        let body = |content_type| {
            RequestBodyBuilder::new()
                .content(content_type, Content::default())
                .build()
        };
        let mut op = OperationBuilder::new()
            .request_body(Some(body("application/json")))
            .response(
                "422",
                ResponseBuilder::new().description("`validation_failed`"),
            )
            .build();
        document(&mut op);
        assert_eq!(statuses(&op), ["400", "413", "415", "422"]);
        let RefOr::T(kept) = &op.responses.responses["422"] else {
            panic!("a ref")
        };
        assert_eq!(kept.description, "`validation_failed`");

        let mut upload = OperationBuilder::new()
            .request_body(Some(body("application/octet-stream")))
            .build();
        document(&mut upload);
        assert!(statuses(&upload).is_empty());

        let mut form = OperationBuilder::new()
            .request_body(Some(body("application/x-www-form-urlencoded")))
            .build();
        document(&mut form);
        assert_eq!(statuses(&form), ["400"]);
    }

    #[test]
    fn parameters_document_400_only_where_an_extractor_or_the_gateway_can_refuse_them() {
        let param = |name: &str, place, ty| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(place)
                .schema(Some(ObjectBuilder::new().schema_type(ty)))
                .build()
        };
        let mut plain = OperationBuilder::new()
            .parameter(param("X-Request-Id", ParameterIn::Header, Type::String))
            .build();
        document(&mut plain);
        assert!(statuses(&plain).is_empty());

        for (name, place, ty) in [
            ("limit", ParameterIn::Query, Type::Integer),
            ("id", ParameterIn::Path, Type::Integer),
            ("code", ParameterIn::Path, Type::String),
            ("Idempotency-Key", ParameterIn::Header, Type::String),
        ] {
            let mut op = OperationBuilder::new()
                .parameter(param(name, place, ty))
                .build();
            document(&mut op);
            assert_eq!(statuses(&op), ["400"], "{name}");
        }
    }
}
