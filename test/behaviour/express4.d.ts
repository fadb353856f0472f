// express4 is Express 4 installed under an npm alias; its API is the one @types/express describes.
declare module 'express4' {
  import express from 'express';
  export default express;
}
