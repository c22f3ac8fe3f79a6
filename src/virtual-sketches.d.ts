declare module 'virtual:sketches' {
  const sketches: { name: string; href: string; title: string; description: string }[];
  export default sketches;
}
