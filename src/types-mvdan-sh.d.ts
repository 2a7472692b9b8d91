// mvdan-sh ships no type declarations; its API is described in its README (syntax.NewParser, Walk...).
declare module 'mvdan-sh' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- GopherJS objects are untyped
  const sh: { syntax: any };
  export default sh;
}
