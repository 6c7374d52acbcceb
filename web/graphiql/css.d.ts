// esbuild bundles the stylesheets main.ts imports into graphiql.css (web/build.ts).
declare module '*.css';
