// Names for the API shapes the UI uses. Every one comes from the types that
// web/build.sh generates from api/openapi.yaml (src/api/schema.d.ts), so a
// change of the API that the UI does not follow fails the type check.
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type Connection = Schemas["Connection"];
export type StorageType = Connection["storage_type"];
export type ConnectionList = Schemas["ConnectionList"];
export type TestResult = Schemas["TestResult"];
export type BrowsePage = Schemas["BrowsePage"];
export type BrowseEntry = BrowsePage["entries"][number];
export type Preview = Schemas["Preview"];
export type PreviewRequest = Schemas["PreviewRequest"];
export type ReaderNode = Schemas["ReaderNode"];
export type WriterNode = Schemas["WriterNode"];
export type CsvOptions = Schemas["CsvOptions"];
export type FlowRequest = Schemas["FlowRequest"];
export type JobStarted = Schemas["JobStarted"];
export type Job = Schemas["Job"];
export type WriteResult = Schemas["WriteResult"];
export type SavedFlow = Schemas["SavedFlow"];
export type SavedFlowList = Schemas["SavedFlowList"];
export type SavedFlowDocument = Schemas["SavedFlowDocument"];
export type FlowNodeKind = SavedFlowDocument["nodes"][number]["kind"];
export type FlowStep = NonNullable<FlowRequest["steps"]>[number];
export type SavedFlowRuns = Schemas["SavedFlowRuns"];
export type SessionInfo = Schemas["SessionInfo"];
export type SignedIn = Schemas["SignedIn"];
export type ErrorBody = Schemas["ErrorEnvelope"]["error"];
export type Remedy = Schemas["Remedy"];
export type PlainHttpAnswer =
  paths["/api/connection-rules/plain-http"]["post"]["responses"]["200"]["content"]["application/json"];
export type ConnectionRules = paths["/api/connection-rules"]["get"]["responses"]["200"]["content"]["application/json"];
export type StorageTypeRule = ConnectionRules["storage_types"][number];
export type AuthMethodRule = StorageTypeRule["auth_methods"][number];

export type FileFormat = NonNullable<ReaderNode["format"]>;
export type TableFormat = NonNullable<BrowsePage["table"]>;
export type ScanMode = NonNullable<ReaderNode["scan_mode"]>;
export type Compression = NonNullable<WriterNode["compression"]>;
export type WriteMode = NonNullable<WriterNode["write_mode"]>;
