//! Column filters -> an Iceberg predicate, which the scan uses to skip data
//! files (manifest statistics, partition values), row groups, and rows.
//! Literals take the column's type; a filter the mapping cannot type
//! exactly is left out (skipping less, never wrongly): the C++ side filters
//! rows exactly afterwards, as for Delta.

use iceberg::expr::{Predicate, Reference};
use iceberg::spec::{Datum, PrimitiveType, Schema, Type};

use crate::filters::{Filter, FilterOp, FilterValue};

/// The AND of the filters Iceberg can use; None when there are none.
pub fn predicate(filters: &[Filter], schema: &Schema) -> Option<Predicate> {
    filters.iter().filter_map(|filter| one(filter, schema)).reduce(Predicate::and)
}

fn one(filter: &Filter, schema: &Schema) -> Option<Predicate> {
    let field = schema.field_by_name(&filter.column)?;
    let Type::Primitive(primitive) = field.field_type.as_ref() else { return None };
    let column = Reference::new(filter.column.clone());
    match filter.op {
        FilterOp::IsNull => return Some(column.is_null()),
        FilterOp::IsNotNull => return Some(column.is_not_null()),
        _ => {}
    }
    let datum = datum(&filter.value, primitive)?;
    Some(match filter.op {
        FilterOp::Eq => column.equal_to(datum),
        FilterOp::Ne => column.not_equal_to(datum),
        FilterOp::Lt => column.less_than(datum),
        FilterOp::Le => column.less_than_or_equal_to(datum),
        FilterOp::Gt => column.greater_than(datum),
        FilterOp::Ge => column.greater_than_or_equal_to(datum),
        FilterOp::IsNull | FilterOp::IsNotNull => unreachable!(),
    })
}

/// The value as a literal of the column's type, when it fits exactly.
fn datum(value: &FilterValue, column: &PrimitiveType) -> Option<Datum> {
    Some(match (value, column) {
        (FilterValue::Int(v), PrimitiveType::Long) => Datum::long(*v),
        (FilterValue::Int(v), PrimitiveType::Int) => Datum::int(i32::try_from(*v).ok()?),
        (FilterValue::Int(v), PrimitiveType::Double) => Datum::double(*v as f64),
        (FilterValue::Float(v), PrimitiveType::Double) => Datum::double(*v),
        (FilterValue::Text(v), PrimitiveType::String) => Datum::string(v),
        (FilterValue::Bool(v), PrimitiveType::Boolean) => Datum::bool(*v),
        _ => return None,
    })
}
