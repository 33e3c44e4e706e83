// The tests' name for the Bedrock stand-in (it also serves `make dev`).
export * from '../bedrock/stand-in/bedrock-stand-in';
