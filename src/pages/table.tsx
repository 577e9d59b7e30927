/**
 * A table's column heads, one `<th scope="col">` each; a false entry leaves its column out
 * (a fair's booth column, a class's completion column).
 */
export function ColumnHeads(props: { labels: (string | false)[] }) {
  return (
    <thead>
      <tr>
        {props.labels
          .filter((label): label is string => label !== false)
          .map((label) => (
            <th scope="col">{label}</th>
          ))}
      </tr>
    </thead>
  );
}
