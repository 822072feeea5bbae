/** Generated documentation of an integration file: Markdown, and its flow as ASCII and SVG (README, "Plan and document an integration"). */
export { integrationDocs, reachableErrors, type DocsOptions } from './markdown';
export { asciiFlow, describeAuth, describeRetry, flowOf, svgFlow, type Flow, type FlowBox, type FlowStage } from './flow';
